internal import CCurl
import Foundation

/// One HTTP exchange on one curl easy handle: a single hop, no retries, no redirects.
///
/// Built on the caller's task, then owned by the ``CurlMultiLoop`` thread from the moment it is
/// submitted until it completes; the response buffers are only touched there. The continuation is
/// the one piece shared with the caller (cancellation can race completion), so it sits behind a lock.
final class CurlTransfer: @unchecked Sendable {
    /// What to send, already resolved by the client (method rewritten for redirects, headers filtered).
    struct Request {
        var method: HTTPMethod
        var url: String
        var headers: HTTPHeaders
        var body: [UInt8]?
        var userAgent: String
        var connectTimeout: Duration
        var totalTimeout: Duration
        var lowSpeedLimit: Int
        var lowSpeedTime: Duration
        /// Loopback targets skip certificate checks and the proxy; see ``URLOrigin/isLoopback``.
        var isLoopback: Bool
        /// Stream the body to this file instead of memory.
        var bodyFile: String? = nil
        /// Stop once the body passes this many bytes.
        var maxBodyBytes: Int? = nil
        /// `host:port:address` to connect to without resolving again (`CURLOPT_RESOLVE`).
        var pinnedAddress: String? = nil
    }

    /// What came back.
    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var effectiveURL: String
        /// The absolute target of a 3xx's `Location`, resolved by curl; nil when there is none.
        var redirectURL: String?
    }

    /// A failed transfer: curl's result code and its explanation (unredacted; the client scrubs it).
    struct Failure: Error {
        var code: CURLcode
        var detail: String
    }

    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var resolveList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    // Loop-thread state, filled by the callbacks.
    private var responseBody: [UInt8] = []
    /// The open file the body streams to, when the request asked for one.
    private var bodyStream: UnsafeMutablePointer<FILE>?
    private var bodyStreamFailed = false
    private var maxBodyBytes: Int?
    private var bodyBytes = 0
    private var bodyTooLarge = false
    private var responseHeaders: [(String, String)] = []

    private struct Completion {
        var continuation: CheckedContinuation<Response, any Error>?
        var earlyResult: Result<Response, any Error>?
        var isFinished = false
    }

    private let completion = LockedValue(Completion())

    /// Configures an easy handle for `request`.
    ///
    /// - Throws: ``Failure`` if curl cannot allocate a handle or rejects an option (an option it was
    ///   built without, or a malformed header).
    init(_ request: Request) throws {
        guard let easy = curl_easy_init() else {
            throw Failure(code: CURLE_OUT_OF_MEMORY, detail: "curl_easy_init failed")
        }
        self.easy = easy
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try configure(request)
    }

    deinit {
        if let bodyStream { fclose(bodyStream) }
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        curl_slist_free_all(resolveList)
        errorBuffer.deallocate()
    }

    // MARK: Completion (any thread)

    /// Stores the continuation; if the transfer already finished (cancelled before it was
    /// submitted), resumes it at once and returns false.
    func install(_ continuation: CheckedContinuation<Response, any Error>) -> Bool {
        let early: Result<Response, any Error>? = completion.withLock { state in
            if let result = state.earlyResult { return result }
            state.continuation = continuation
            return nil
        }
        guard let early else { return true }
        continuation.resume(with: early)
        return false
    }

    /// Finishes the transfer once; later calls are ignored. Returns whether this call finished it.
    @discardableResult
    func finish(_ result: Result<Response, any Error>) -> Bool {
        let (finished, continuation) = completion.withLock { state -> (Bool, CheckedContinuation<Response, any Error>?) in
            guard !state.isFinished else { return (false, nil) }
            state.isFinished = true
            guard let continuation = state.continuation else {
                state.earlyResult = result
                return (true, nil)
            }
            state.continuation = nil
            return (true, continuation)
        }
        continuation?.resume(with: result)
        return finished
    }

    var isFinished: Bool { completion.withLock { $0.isFinished } }

    // MARK: Loop thread

    /// Builds the result from the handle once curl reports the transfer done, and finishes.
    func complete(with code: CURLcode) {
        if let bodyStream {
            if fflush(bodyStream) != 0 { bodyStreamFailed = true }
            fclose(bodyStream)
            self.bodyStream = nil
        }
        if bodyTooLarge || code == CURLE_FILESIZE_EXCEEDED {
            finish(
                .failure(
                    Failure(
                        code: CURLE_FILESIZE_EXCEEDED, detail: "the body is larger than the \(maxBodyBytes ?? 0) bytes this request allows")
                ))
            return
        }
        if bodyStreamFailed {
            finish(.failure(Failure(code: CURLE_WRITE_ERROR, detail: "could not write the download to disk (is it full?)")))
            return
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let fallback = String(cString: curl_easy_strerror(code))
            finish(.failure(Failure(code: code, detail: detail.isEmpty ? fallback : detail)))
            return
        }
        var status = 0
        _ = concord_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        finish(
            .success(
                Response(
                    status: status,
                    headers: HTTPHeaders(responseHeaders),
                    body: responseBody,
                    effectiveURL: string(for: CURLINFO_EFFECTIVE_URL) ?? "",
                    redirectURL: string(for: CURLINFO_REDIRECT_URL)
                )))
    }

    private func string(for info: CURLINFO) -> String? {
        var pointer: UnsafeMutablePointer<CChar>?
        guard concord_curl_easy_getinfo_string(easy, info, &pointer) == CURLE_OK, let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Returns false when the bytes could not be kept (a full disk), which makes curl abort.
    fileprivate func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bodyBytes += bytes.count
        if let maxBodyBytes, bodyBytes > maxBodyBytes {
            bodyTooLarge = true
            return false
        }
        if let bodyStream {
            guard let base = bytes.baseAddress, fwrite(base, 1, bytes.count, bodyStream) == bytes.count || bytes.isEmpty else {
                bodyStreamFailed = true
                return false
            }
            return true
        }
        responseBody.append(contentsOf: bytes)
        return true
    }

    fileprivate func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines)
        if line.hasPrefix("HTTP/") {
            // A new status line (after a 100 Continue or a proxy's CONNECT reply): start over.
            responseHeaders.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            responseHeaders.append((name, value))
        }
    }
}

// MARK: - Options

extension CurlTransfer {
    private func configure(_ request: Request) throws {
        if let path = request.bodyFile {
            guard let file = fopen(path, "wb") else {
                throw Failure(code: CURLE_WRITE_ERROR, detail: "cannot write the download to \(path): \(String(cString: strerror(errno)))")
            }
            bodyStream = file
        }
        try set(CURLOPT_URL, request.url)
        if let limit = request.maxBodyBytes {
            maxBodyBytes = limit
            // Refused before the body comes when the server announces its length; counted as it
            // arrives otherwise (see appendBody).
            try set(CURLOPT_MAXFILESIZE_LARGE, offset: curl_off_t(limit))
        }
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // The multi loop runs on a plain thread; curl must not use signals for timeouts there.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        // Redirects are followed by the client, hop by hop, so credentials can be dropped when
        // a redirect leaves the origin (curl only strips `Authorization` and `Cookie` itself).
        try set(CURLOPT_FOLLOWLOCATION, 0)
        // An empty string asks for every encoding this libcurl can decode, and decodes it.
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, max(1, request.connectTimeout.inMilliseconds))
        try set(CURLOPT_TIMEOUT_MS, max(1, request.totalTimeout.inMilliseconds))
        if request.lowSpeedLimit > 0 {
            try set(CURLOPT_LOW_SPEED_LIMIT, request.lowSpeedLimit)
            try set(CURLOPT_LOW_SPEED_TIME, max(1, Int(request.lowSpeedTime.inSeconds.rounded(.up))))
        }
        if request.isLoopback {
            // A local simulator may use a self-signed certificate, and no proxy can reach our loopback.
            try set(CURLOPT_SSL_VERIFYPEER, 0)
            try set(CURLOPT_SSL_VERIFYHOST, 0)
            try set(CURLOPT_NOPROXY, "*")
        } else {
            // Never relaxed for real stores. The proxy variables (http_proxy, https_proxy,
            // no_proxy) are left to libcurl, which honours them by default.
            try set(CURLOPT_SSL_VERIFYPEER, 1)
            try set(CURLOPT_SSL_VERIFYHOST, 2)
        }
        if let pinned = request.pinnedAddress {
            resolveList = curl_slist_append(nil, pinned)
            try check(concord_curl_easy_setopt_slist(easy, CURLOPT_RESOLVE, resolveList))
        }
        if !request.headers.contains("User-Agent") { try set(CURLOPT_USERAGENT, request.userAgent) }
        // POST, PUT and PATCH always carry a body, if only an empty one, so curl never waits for a read callback.
        let body = request.body ?? ([.post, .put, .patch].contains(request.method) ? [] : nil)
        try configureMethod(request.method, body: body)
        try configureHeaders(request.headers, hasBody: body != nil)
        try configureCallbacks()
    }

    private func configureMethod(_ method: HTTPMethod, body: [UInt8]?) throws {
        switch (method, body) {
        case (.get, nil):
            try set(CURLOPT_HTTPGET, 1)
        case (.head, _):
            try set(CURLOPT_NOBODY, 1)
        case (let method, nil):
            try set(CURLOPT_CUSTOMREQUEST, method.rawValue)
        case (let method, let body?):
            // COPYPOSTFIELDS copies the bytes, so their lifetime is curl's problem; the size must
            // be set first for bodies that contain NUL bytes.
            try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(body.count))
            try body.withUnsafeBytes { bytes in
                let pointer = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                try check(concord_curl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: pointer)))
            }
            if method != .post { try set(CURLOPT_CUSTOMREQUEST, method.rawValue) }
        }
    }

    private func configureHeaders(_ headers: HTTPHeaders, hasBody: Bool) throws {
        var lines: [String] = []
        for field in headers {
            guard !field.name.contains(where: \.isNewline), !field.value.contains(where: \.isNewline),
                !field.name.isEmpty, !field.name.contains(":")
            else {
                throw Failure(
                    code: CURLE_BAD_FUNCTION_ARGUMENT, detail: "header \"\(field.name)\" has an invalid name or a line break in its value")
            }
            // "Name;" is curl's spelling of a header with an empty value ("Name:" would remove it).
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        // Drop curl's form Content-Type when the caller gave none, and skip the 100-continue
        // round trip curl would otherwise make for larger bodies.
        if hasBody, !headers.contains("Content-Type") { lines.append("Content-Type:") }
        if !headers.contains("Expect") { lines.append("Expect:") }
        for line in lines {
            guard let appended = curl_slist_append(headerList, line) else {
                throw Failure(code: CURLE_OUT_OF_MEMORY, detail: "curl_slist_append failed")
            }
            headerList = appended
        }
        try check(concord_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
    }

    private func configureCallbacks() throws {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(
            concord_curl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                guard let data, let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.appendBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
            })
        try set(CURLOPT_WRITEDATA, pointer: context)
        try check(
            concord_curl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                guard let data, let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                transfer.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
                return size * count
            })
        try set(CURLOPT_HEADERDATA, pointer: context)
    }

    private func set(_ option: CURLoption, _ value: Int) throws {
        try check(concord_curl_easy_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws {
        try check(concord_curl_easy_setopt_string(easy, option, value))
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer) throws {
        try check(concord_curl_easy_setopt_pointer(easy, option, pointer))
    }

    private func set(_ option: CURLoption, offset: curl_off_t) throws {
        try check(concord_curl_easy_setopt_off_t(easy, option, offset))
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw Failure(code: code, detail: String(cString: curl_easy_strerror(code)))
        }
    }
}
