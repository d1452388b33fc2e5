import Foundation

/// Writes every exchange the client makes to a directory, one redacted JSON file each, so real
/// platform responses can be captured into `Fixtures/`.
///
/// File names are `NNNNNN-METHOD-host_path.json`: the zero-padded sequence sorts them in the
/// order the attempts finished, and the same run produces the same names, so re-capturing into a
/// fresh directory gives a reviewable diff. Point each capture session at an empty directory:
/// numbering starts at 1 and existing files of the same name are replaced.
///
/// Every field goes through the client's ``Redactor`` first: URLs, both header sets, and both
/// bodies (JSON-aware), so a capture can be committed. Writing happens on a serial dispatch queue,
/// off Swift's cooperative pool; `send` returns after its files are written.
public final class HTTPRecorder: Sendable {
    /// Where recordings go.
    public let directory: URL
    private let sequence = LockedValue(0)
    private let queue = DispatchQueue(label: "concord.http.recorder")

    /// Creates a recorder writing into `directory` (created on first write if missing).
    public init(directory: URL) {
        self.directory = directory
    }

    /// Redacts and writes one attempt. A write failure is returned, not thrown: recording must
    /// never fail the request it observes.
    func record(
        request: HTTPRequest,
        attempt: Int,
        outcome: Result<CurlTransfer.Response, HTTPClientError>,
        redactor: Redactor
    ) async -> (any Error)? {
        let number = sequence.withLock { value in
            value += 1
            return value
        }
        let redactedURL = redactor.redact(url: request.url)
        var recording = HTTPRecording(
            sequence: number,
            attempt: attempt,
            method: request.method.rawValue,
            url: redactedURL,
            requestHeaders: Self.headers(redactor.redact(headers: request.headers)),
            requestBody: request.body.map { redactor.redact(body: $0) },
            status: nil,
            responseHeaders: [],
            responseBody: nil,
            error: nil
        )
        switch outcome {
        case .success(let response):
            recording.status = response.status
            recording.responseHeaders = Self.headers(redactor.redact(headers: response.headers))
            recording.responseBody = redactor.redact(body: request.responseIsSecret ? Array("\"[REDACTED]\"".utf8) : response.body)
        case .failure(let error):
            recording.error = error.description
        }
        let file = directory.appendingPathComponent(Self.fileName(sequence: number, method: request.method, redactedURL: redactedURL))
        let finished = recording
        let directory = directory
        return await withCheckedContinuation { continuation in
            queue.async {
                do {
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    try encoder.encode(finished).write(to: file, options: .atomic)
                    continuation.resume(returning: nil)
                } catch {
                    continuation.resume(returning: error)
                }
            }
        }
    }

    private static func headers(_ headers: HTTPHeaders) -> [HTTPRecording.Header] {
        headers.map { HTTPRecording.Header(name: $0.name, value: $0.value) }
    }

    /// `000001-GET-shop.example_admin_api_2025-07_graphql.json`: host and path only (the query
    /// can be long and is in the file anyway), reduced to file-safe characters.
    static func fileName(sequence: Int, method: HTTPMethod, redactedURL: String) -> String {
        var location = Substring(redactedURL)
        if let schemeEnd = location.range(of: "://") { location = location[schemeEnd.upperBound...] }
        if let queryStart = location.firstIndex(where: { $0 == "?" || $0 == "#" }) { location = location[..<queryStart] }
        if let at = location.firstIndex(of: "@") { location = location[location.index(after: at)...] }
        var slug = String(location.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "_" })
        while slug.hasSuffix("_") { slug.removeLast() }
        let number = String(sequence)
        let padded = String(repeating: "0", count: max(0, 6 - number.count)) + number
        return "\(padded)-\(method.rawValue)-\(slug.prefix(100)).json"
    }
}
