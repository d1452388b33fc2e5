import Foundation
import HTTPClient
import SimulatorCore

extension SimWebhook {
    /// POSTs the delivery to `url` through libcurl, as the platform would, and returns the HTTP
    /// status (0 when nothing answered). Posting it again is a replay.
    public func post(to url: String, using client: HTTPClient) async -> Int {
        let request = HTTPRequest(
            method: .post, url: url, headers: HTTPHeaders(headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }), body: body)
        return (try? await client.send(request))?.status ?? 0
    }
}
