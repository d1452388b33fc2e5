/// SHA-256 and HMAC-SHA256, for WooCommerce OAuth 1.0a signatures and webhook signatures.
public enum MessageAuthentication {}
