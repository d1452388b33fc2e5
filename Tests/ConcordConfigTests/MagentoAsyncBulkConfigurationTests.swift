import CatalogModel
import ConcordConfig
import Testing

@Suite("magento_async_bulk in a store's table")
struct MagentoAsyncBulkConfigurationTests {
    static func magento(_ extra: String) -> String {
        """
        [stores.mage]
        platform = "magento"
        url = "https://b2b.example.com"
        token_env = "MAGE_TOKEN"
        \(extra)
        """
    }

    @Test("off unless the store says true")
    func defaultsOff() throws {
        #expect(try ConfigurationLoader.parse(Self.magento(""), file: "concord.toml").store("mage")?.magentoAsyncBulk == false)
        #expect(
            try ConfigurationLoader.parse(Self.magento("magento_async_bulk = true"), file: "concord.toml").store("mage")?.magentoAsyncBulk
                == true)
        #expect(
            try ConfigurationLoader.parse(Self.magento("magento_async_bulk = false"), file: "concord.toml").store("mage")?.magentoAsyncBulk
                == false)
    }

    @Test("a value that is not a boolean, or the key on another platform's store, is an error naming the key")
    func refusals() {
        #expect {
            try ConfigurationLoader.parse(Self.magento("magento_async_bulk = \"yes\""), file: "concord.toml")
        } throws: { error in
            "\(error)".contains("stores.mage.magento_async_bulk") && "\(error)".contains("true or false")
        }
        let woo = """
            [stores.woo]
            platform = "woocommerce"
            url = "https://shop.example.eu"
            key_env = "K"
            secret_env = "S"
            magento_async_bulk = true
            """
        #expect {
            try ConfigurationLoader.parse(woo, file: "concord.toml")
        } throws: { error in
            "\(error)".contains("stores.woo.magento_async_bulk") && "\(error)".contains("Magento stores only")
        }
    }
}
