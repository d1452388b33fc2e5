/// One attempt: a transfer per hop, following redirects, within one total timeout.
extension HTTPClient {
    /// Runs one attempt of `request`.
    ///
    /// - Returns: The final hop's response, or the failure that ended the attempt.
    /// - Throws: Only `CancellationError`.
    func performAttempt(_ request: HTTPRequest, redactedURL: String) async throws -> Result<CurlTransfer.Response, HTTPClientError> {
        let timeout = request.timeout ?? configuration.totalTimeout
        let deadline = ContinuousClock.now + timeout
        var hop = request
        var redirects = 0
        while true {
            guard let origin = URLOrigin(hop.url) else {
                return .failure(
                    HTTPClientError(
                        code: .invalidURL,
                        message:
                            "\"\(redactor.redact(url: hop.url))\" is not an absolute http:// or https:// URL. Check the store's base URL in the configuration.",
                        method: request.method, url: redactedURL
                    ))
            }
            let remaining = deadline - .now
            guard remaining > .zero else {
                return .failure(
                    timeoutError(request, redactedURL: redactedURL, timeout: timeout, detail: "the time ran out while following redirects"))
            }
            var pinned: String?
            if request.refusesPrivateAddresses {
                switch await AddressCheck.check(host: origin.host, port: origin.port) {
                case .allowed(let address): pinned = "\(origin.host):\(origin.port):\(address)"
                case .refused(let why):
                    return .failure(
                        HTTPClientError(
                            code: .forbiddenAddress,
                            message:
                                "refused to fetch \(redactor.redact(url: hop.url)): \(why); a URL from a store or a file may not reach this machine or a private network",
                            method: request.method, url: redactedURL))
                }
            }
            let response: CurlTransfer.Response
            do {
                let transfer = try CurlTransfer(
                    CurlTransfer.Request(
                        method: hop.method, url: hop.url, headers: hop.headers, body: hop.body,
                        userAgent: configuration.userAgent, connectTimeout: min(configuration.connectTimeout, remaining),
                        totalTimeout: remaining, lowSpeedLimit: configuration.lowSpeedLimit,
                        lowSpeedTime: configuration.lowSpeedTime, isLoopback: origin.isLoopback,
                        bodyFile: request.bodyFile, maxBodyBytes: request.maxResponseBytes, pinnedAddress: pinned
                    ))
                response = try await loop.perform(transfer)
            } catch let failure as CurlTransfer.Failure {
                return .failure(
                    HTTPClientError(
                        failure, method: request.method, redactedURL: redactedURL, timeout: timeout,
                        redactor: redactor
                    ))
            } catch is CurlMultiLoop.ShutdownError {
                return .failure(
                    HTTPClientError(
                        code: .clientShutdown,
                        message:
                            "The HTTP client was shut down before the request finished. Send requests before shutting the client down, or create a new client.",
                        method: request.method, url: redactedURL
                    ))
            }
            guard (300..<400).contains(response.status), response.status != 304, let location = response.redirectURL else {
                return .success(response)
            }
            redirects += 1
            guard redirects <= configuration.maxRedirects else {
                return .failure(
                    HTTPClientError(
                        code: .tooManyRedirects,
                        message:
                            "Gave up after \(configuration.maxRedirects) redirects (the last one to \(redactor.redact(url: location))). Check the store's base URL: it may point at a login page or a redirect loop.",
                        method: request.method, url: redactedURL, lastStatus: response.status
                    ))
            }
            hop = redirected(hop, status: response.status, to: location, from: origin)
        }
    }

    /// The next hop of a redirect.
    ///
    /// 303 turns anything but HEAD into a GET, and 301/302 turn a POST into a GET, as browsers
    /// and curl do (RFC 9110 §15.4); 307 and 308 repeat the request as it was. Credential headers
    /// are dropped when the redirect leaves the origin: curl itself only strips `Authorization`
    /// and `Cookie`, and `X-Shopify-Access-Token` must not reach another host either.
    private func redirected(_ hop: HTTPRequest, status: Int, to location: String, from origin: URLOrigin) -> HTTPRequest {
        var next = hop
        next.url = location
        if (status == 303 && hop.method != .head) || ((status == 301 || status == 302) && hop.method == .post) {
            next.method = .get
            next.body = nil
            next.headers.remove(name: "Content-Type")
            next.headers.remove(name: "Content-Length")
        }
        if URLOrigin(location) != origin {
            for field in hop.headers where redactor.isSensitiveHeader(field.name) {
                next.headers.remove(name: field.name)
            }
        }
        return next
    }

    private func timeoutError(_ request: HTTPRequest, redactedURL: String, timeout: Duration, detail: String) -> HTTPClientError {
        HTTPClientError(
            code: .timeout,
            message:
                "No complete response within \(timeout.inSeconds) s (\(detail)). The store may be slow or unreachable: retry later, or raise the total timeout for large responses.",
            method: request.method, url: redactedURL
        )
    }
}
