/// An error raised while resolving a field, shaped the way Shopify reports it: a message and, where
/// Shopify sends one, an `extensions.code` (`BAD_REQUEST`, `argumentLiteralsIncompatible`...).
struct ShopifyFieldError: Error, Sendable {
    var message: String
    var code: String?

    init(_ message: String, code: String? = nil) {
        self.message = message
        self.code = code
    }
}
