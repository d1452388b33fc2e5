import CatalogModel
import ConcordConfig
import Foundation
import Reconcile
import Testing

struct ConfigurationLoaderTests {
    /// The minimal form the README promises scripts can rely on.
    static let minimal = """
        [stores.shop-main]
        platform = "shopify"
        url = "https://example.myshopify.com"
        api_version = "2025-07"
        token_env = "SHOP_MAIN_TOKEN"

        [stores.woo-eu]
        platform = "woocommerce"
        url = "https://shop.example.eu"
        key_env = "WOO_EU_KEY"
        secret_env = "WOO_EU_SECRET"

        [stores.mage-b2b]
        platform = "magento"
        url = "https://b2b.example.com"
        token_env = "MAGE_B2B_TOKEN"
        """

    @Test func readsTheMinimalForm() throws {
        let configuration = try ConfigurationLoader.parse(Self.minimal, file: "concord.toml")
        #expect(configuration.stores.map(\.id.rawValue) == ["mage-b2b", "shop-main", "woo-eu"])
        let shop = try #require(configuration.store("shop-main"))
        #expect(shop.platform == .shopify)
        #expect(shop.url.absoluteString == "https://example.myshopify.com")
        #expect(shop.apiVersion == "2025-07")
        #expect(shop.credentials.tokenEnv == "SHOP_MAIN_TOKEN")
        #expect(shop.managedFields == ManagedField.allCases)
        let woo = try #require(configuration.store("woo-eu"))
        #expect(woo.credentials.keyEnv == "WOO_EU_KEY" && woo.credentials.secretEnv == "WOO_EU_SECRET")
        #expect(configuration.currency == .usd)
    }

    @Test func readsTheFullForm() throws {
        let text = """
            [catalog]
            currency = "eur"
            database = "/var/lib/concord/catalog.sqlite"

            [stores.shop-main]
            platform = "shopify"
            url = "https://example.myshopify.com"
            token_env = "SHOP_MAIN_TOKEN"
            stock_buffer = 2
            managed_fields = ["stock", "price"]

            [stores.shop-main.locations]
            "gid://shopify/Location/1" = "main"

            [stores.shop-main.price_rule]
            multiplier = "1.10"
            markup = 2
            round_to = ".99"
            """
        let configuration = try ConfigurationLoader.parse(text)
        #expect(configuration.currency == .eur)
        #expect(configuration.database == "/var/lib/concord/catalog.sqlite")
        let shop = try #require(configuration.stores.first)
        #expect(shop.stockBuffer == 2)
        #expect(shop.managedFields == [.stock, .price])
        #expect(shop.locations == ["gid://shopify/Location/1": "main"])
        #expect(shop.priceRule == PriceRule(multiplier: Decimal(string: "1.1")!, markup: 2, endingCents: 99))
    }

    @Test(arguments: [
        (
            "[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\ntoken = \"shpat_abc\"\n", "stores.s.token",
            "secrets never go in concord.toml"
        ),
        ("[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\ntokn_env = \"X\"\n", "stores.s.tokn_env", "not a setting"),
        ("[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\n", "stores.s.token_env", "needs token_env"),
        (
            "[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\ntoken_env = \"X\"\ntokn_env = \"Y\"\n", "stores.s.tokn_env",
            "not a setting"
        ),
        ("[stores.s]\nplatform = \"ebay\"\nurl = \"https://a.example\"\n", "stores.s.platform", "\"ebay\" is not a platform"),
        ("[stores.s]\nplatform = \"shopify\"\nurl = \"ftp://a.example\"\ntoken_env = \"X\"\n", "stores.s.url", "not an http(s) URL"),
        ("[stores.s]\nplatform = \"shopify\"\nurl = \"http://shop.example.com\"\ntoken_env = \"X\"\n", "stores.s.url", "plain http"),
        // A credential pasted where its variable's name belongs is refused, never echoed.
        (
            "[stores.s]\nplatform = \"shopify\"\nurl = \"https://s.example.com\"\ntoken_env = \"shpat_EXAMPLE_NOT_A_REAL_TOKEN_00000\"\n",
            "stores.s.token_env", "looks like a credential itself"
        ),
        (
            "[stores.s]\nplatform = \"woocommerce\"\nurl = \"https://s.example.com\"\nkey_env = \"ck_EXAMPLE_NOT_A_REAL_CONSUMER_KEY_0000\"\nsecret_env = \"S\"\n",
            "stores.s.key_env", "looks like a credential itself"
        ),
        (
            "[stores.s]\nplatform = \"magento\"\nurl = \"https://s.example.com\"\ntoken_env = \"exampleNotARealMagentoToken0000\"\n",
            "stores.s.token_env", "looks like a credential itself"
        ),
        // Names that only look like this machine resolve wherever their owner wants.
        (
            "[stores.s]\nplatform = \"shopify\"\nurl = \"http://127.attacker.example\"\ntoken_env = \"X\"\n", "stores.s.url",
            "only 127.0.0.0/8 written as an IP address"
        ),
        (
            "[stores.s]\nplatform = \"shopify\"\nurl = \"http://127.0.0.1.nip.io:8080\"\ntoken_env = \"X\"\n", "stores.s.url",
            "only 127.0.0.0/8 written as an IP address"
        ),
        (
            "[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\ntoken_env = \"shpat_0123 456\"\n", "stores.s.token_env",
            "NAME of an environment variable"
        ),
        (
            "[stores.s]\nplatform = \"woocommerce\"\nurl = \"https://a.example\"\nkey_env = \"K\"\n", "stores.s.secret_env",
            "needs key_env and secret_env"
        ),
        (
            "[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\ntoken_env = \"X\"\n[stores.s.price_rule]\nmultiplier = 1.1\n",
            "stores.s.price_rule.multiplier", "quoted decimal"
        ),
        (
            "[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\ntoken_env = \"X\"\nstock_buffer = -1\n",
            "stores.s.stock_buffer", "zero or more"
        ),
        ("[catalog]\ncurrency = \"euro\"\n", "catalog.currency", "ISO 4217"),
        (
            "[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\ntoken_env = \"X\"\nwebhook_secret = \"whsec\"\n",
            "stores.s.webhook_secret", "webhook_secret_env"
        ),
        (
            "[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\ntoken_env = \"X\"\nwebhook_secret_env = \"not a name\"\n",
            "stores.s.webhook_secret_env", "NAME of an environment variable"
        ),
    ])
    func namesTheKeyPathOfWhatIsWrong(text: String, keyPath: String, fragment: String) {
        // Whatever is wrong, a pasted credential is never repeated back.
        if let error = (try? ConfigurationLoader.parse(text, file: "concord.toml")) == nil
            ? Result(catching: { try ConfigurationLoader.parse(text, file: "concord.toml") }).failure : nil
        {
            for secret in ["shpat_EXAMPLE", "ck_EXAMPLE", "exampleNotAReal"] { #expect(!"\(error)".contains(secret)) }
        }
        #expect {
            try ConfigurationLoader.parse(text, file: "concord.toml")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.keyPath == keyPath && error.description.contains(fragment) && error.description.hasPrefix("concord.toml")
        }
    }

    @Test func webhookSecretIsNamedNotGiven() throws {
        let configuration = try ConfigurationLoader.parse(
            "[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\ntoken_env = \"X\"\nwebhook_secret_env = \"SHOP_WEBHOOK_SECRET\"\n"
        )
        #expect(configuration.stores.first?.credentials.webhookSecretEnv == "SHOP_WEBHOOK_SECRET")
    }

    @Test func syntaxErrorsCarryTheLine() {
        #expect {
            try ConfigurationLoader.parse("[stores.s]\nplatform = \"shopify\"\nurl = = \"x\"\n", file: "concord.toml")
        } throws: { error in
            (error as? ConfigurationError)?.line == 3
        }
    }

    @Test func secretValuesNeverAppearInErrors() {
        let secret = "shpat_test-token-in-config"
        #expect {
            try ConfigurationLoader.parse("[stores.s]\nplatform = \"shopify\"\nurl = \"https://a.example\"\naccess_token = \"\(secret)\"\n")
        } throws: { error in
            !"\(error)".contains(secret)
        }
    }

    @Test func locatesByFlagThenEnvironmentThenWorkingDirectory() throws {
        let directory = NSTemporaryDirectory() + "concord-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(ConfigurationLoader.locate(explicit: nil, environment: [:], currentDirectory: directory) == nil)
        #expect(FileManager.default.createFile(atPath: directory + "/concord.toml", contents: Data()))
        #expect(ConfigurationLoader.locate(explicit: nil, environment: [:], currentDirectory: directory) == directory + "/concord.toml")
        #expect(
            ConfigurationLoader.locate(explicit: nil, environment: ["CONCORD_CONFIG": "/etc/c.toml"], currentDirectory: directory)
                == "/etc/c.toml")
        #expect(
            ConfigurationLoader.locate(explicit: "x.toml", environment: ["CONCORD_CONFIG": "/etc/c.toml"], currentDirectory: directory)
                == "x.toml")
    }
}

struct CredentialResolverTests {
    func credentialsFile(_ text: String, mode: Int) throws -> String {
        let path = NSTemporaryDirectory() + "concord-credentials-" + UUID().uuidString
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
        return path
    }

    @Test func environmentWinsOverTheFile() throws {
        let path = try credentialsFile("SHOP_TOKEN=from-file\nexport WOO_KEY=\"ck_file\"\n# comment\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let resolver = CredentialResolver(environment: ["SHOP_TOKEN": "from-env"], file: path)
        #expect(try resolver.secret(named: "SHOP_TOKEN", for: "s", key: "token_env").reveal() == "from-env")
        #expect(try resolver.secret(named: "WOO_KEY", for: "s", key: "key_env").reveal() == "ck_file")
    }

    @Test func refusesAFileOthersCanRead() throws {
        let path = try credentialsFile("SHOP_TOKEN=shpat_secret\n", mode: 0o644)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let resolver = CredentialResolver(environment: [:], file: path)
        #expect {
            try resolver.secret(named: "SHOP_TOKEN", for: "s", key: "token_env")
        } throws: { error in
            let text = "\(error)"
            return text.contains("chmod 600") && text.contains("644") && !text.contains("shpat_secret")
        }
    }

    @Test func aMissingVariableNamesTheVariableAndTheStore() {
        let resolver = CredentialResolver(environment: [:])
        #expect {
            try resolver.secret(named: "SHOP_TOKEN", for: "shop-main", key: "token_env")
        } throws: { error in
            "\(error)"
                == "store shop-main: token_env names SHOP_TOKEN, which is not set; export SHOP_TOKEN=… or add it to the credentials file"
        }
    }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}
