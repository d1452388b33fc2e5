/// Verifies and deduplicates the platforms' webhook deliveries (`concord listen`) and turns them
/// into the SKUs a targeted sync should look at.
public enum WebhookReceiverModule {}
