import Testing

@testable import PostgresClient

/// Passwords never leave a connection string: ``PostgresURL/redacted(_:)`` on its own.
struct PostgresURLTests {
    @Test(arguments: [
        ("postgres://concord:s3cret@db.example:5432/catalog", "postgres://concord:<redacted>@db.example:5432/catalog"),
        ("postgresql://concord:s3cret@db.example/catalog", "postgresql://concord:<redacted>@db.example/catalog"),
        ("POSTGRES://concord:s3cret@db.example/catalog", "POSTGRES://concord:<redacted>@db.example/catalog"),
        ("postgres://concord@db.example/catalog?sslmode=require", "postgres://concord@db.example/catalog?sslmode=require"),
        (
            "postgres://db.example/catalog?user=concord&password=s3cret&sslmode=require",
            "postgres://db.example/catalog?user=concord&password=<redacted>&sslmode=require"
        ),
        ("postgres://concord:p@ss/w:rd@db.example/catalog", "postgres://concord:<redacted>@db.example/catalog"),
        (
            "postgres://concord:s3cret@h1:5432,h2:5433/catalog?sslpassword=k3y",
            "postgres://concord:<redacted>@h1:5432,h2:5433/catalog?sslpassword=<redacted>"
        ),
        (
            "postgres://concord:p%40ss@db.example/catalog?Password=again",
            "postgres://concord:<redacted>@db.example/catalog?Password=<redacted>"
        ),
        ("host=db.example user=concord password=s3cret dbname=catalog", "host=db.example user=concord password=<redacted> dbname=catalog"),
        (#"host=db password = 's3 cr\'et' dbname=catalog"#, "host=db password = '<redacted>' dbname=catalog"),
        (#"password=s3\ cret host=db"#, "password=<redacted> host=db"),
        ("host=db sslpassword=k3y", "host=db sslpassword=<redacted>"),
        ("host=db password", "host=db <redacted>"),
        ("host=db password='never closed", "host=db <redacted>"),
        ("host=db user=concord", "host=db user=concord"),
        ("catalog", "catalog"),
    ])
    func passwordsAreRedactedAndTheRestKept(connectionString: String, expected: String) {
        #expect(PostgresURL.redacted(connectionString) == expected)
    }

    @Test func passwordsAreFoundAsWrittenAndAsLibpqReadsThem() {
        #expect(Set(PostgresURL.passwords(in: "postgres://u:p%40ss@h/db")) == ["p%40ss", "p@ss"])
        #expect(Set(PostgresURL.passwords(in: #"host=h password='it\'s'"#)) == [#"it\'s"#, "it's"])
        #expect(PostgresURL.passwords(in: "postgres://u@h/db").isEmpty)
    }

    @Test func scrubbingReplacesEveryPasswordInText() {
        let text = #"invalid percent-encoded token: "hun%zzter", also hun%zzter"#
        #expect(PostgresURL.scrub(text, passwords: ["hun%zzter"]) == #"invalid percent-encoded token: "<redacted>", also <redacted>"#)
    }
}
