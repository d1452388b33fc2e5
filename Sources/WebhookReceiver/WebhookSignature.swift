import MessageAuthentication

/// The platforms Concord takes webhooks from, and how each signs them.
public enum WebhookPlatform: String, Sendable, Hashable, CaseIterable {
    case shopify, woocommerce

    /// The header carrying base64(HMAC-SHA256(secret, raw body)).
    /// Shopify: "Verify webhooks" (shopify.dev/docs/apps/build/webhooks/subscribe/https);
    /// WooCommerce: `X-WC-Webhook-Signature` (woocommerce/includes/class-wc-webhook.php).
    public var signatureHeader: String {
        switch self {
        case .shopify: "X-Shopify-Hmac-Sha256"
        case .woocommerce: "X-WC-Webhook-Signature"
        }
    }

    /// Headers naming the delivery, first match wins: Shopify's event id is the same for every
    /// retry of an event (its webhook id too, per delivery), WooCommerce's delivery id.
    public var deliveryHeaders: [String] {
        switch self {
        case .shopify: ["X-Shopify-Event-Id", "X-Shopify-Webhook-Id"]
        case .woocommerce: ["X-WC-Webhook-Delivery-ID"]
        }
    }

    public var topicHeader: String {
        switch self {
        case .shopify: "X-Shopify-Topic"
        case .woocommerce: "X-WC-Webhook-Topic"
        }
    }
}

/// Checks a webhook's signature over its raw body.
public enum WebhookSignature {
    /// Whether `signature` (the header's base64 text) is the HMAC-SHA256 of `body` under `secret`,
    /// compared in constant time. A missing or malformed signature is simply invalid.
    public static func isValid(signature: String?, body: [UInt8], secret: [UInt8]) -> Bool {
        guard let signature, !secret.isEmpty, let code = Base64.decode(signature.trimmingWhitespace()) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, for: body, key: secret)
    }

    /// The signature a platform would send: for tests and for `concord listen`'s own checks.
    public static func sign(_ body: [UInt8], secret: [UInt8]) -> String {
        Base64.encode(HMAC<SHA256>.authenticationCode(for: body, key: secret))
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars = scalars.dropFirst() }
        while scalars.last?.isWhitespace == true { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
