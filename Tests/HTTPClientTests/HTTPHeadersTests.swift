import HTTPClient
import Testing

struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsOrder() {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Link": "<a>; rel=next"]
        headers.add(name: "link", value: "<b>; rel=prev")

        #expect(headers["content-type"] == "application/json")
        #expect(headers["LINK"] == "<a>; rel=next")
        #expect(headers.values(for: "Link") == ["<a>; rel=next", "<b>; rel=prev"])
        #expect(headers.map(\.name) == ["Content-Type", "Link", "link"])
        #expect(headers["Missing"] == nil)
    }

    @Test func settingReplacesEveryFieldOfThatNameInPlace() {
        var headers: HTTPHeaders = ["A": "1", "X-Thing": "old", "B": "2", "x-thing": "older"]

        headers["X-THING"] = "new"
        #expect(headers.map(\.name) == ["A", "X-Thing", "B"])
        #expect(headers.values(for: "x-thing") == ["new"])

        headers["x-thing"] = nil
        #expect(!headers.contains("X-Thing"))
        #expect(headers.count == 2)
    }
}
