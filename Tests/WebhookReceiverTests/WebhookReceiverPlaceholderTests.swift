import Testing
@testable import WebhookReceiver

@Test func webhookReceiverModuleLinks() {
    #expect(String(describing: WebhookReceiverModule.self).hasSuffix("Module"))
}
