internal import CCurl

extension HTTPClientError {
    /// Maps a curl failure to a code and a message saying what to do next.
    ///
    /// curl's own text can quote the URL or a header, so it is scrubbed before it is kept.
    init(_ failure: CurlTransfer.Failure, method: HTTPMethod, redactedURL: String, timeout: Duration, redactor: Redactor) {
        let detail = "curl: " + redactor.redact(text: failure.detail)
        let code: Code
        let message: String
        switch failure.code {
        case CURLE_OPERATION_TIMEDOUT:
            code = .timeout
            message =
                "No complete response in time (\(detail); total limit \(timeout.inSeconds) s). The store may be slow or unreachable: retry later, or raise the timeout for large responses."
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            code = .connectionFailed
            message =
                "Could not connect (\(detail)). Check the host name, the network, and the proxy settings (http_proxy, https_proxy, no_proxy)."
        case CURLE_PARTIAL_FILE:
            code = .connectionClosedMidBody
            message =
                "The server closed the connection before sending the whole body (\(detail)). Retry later; if it keeps happening, the store or a proxy is cutting responses short."
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_HTTP2_STREAM:
            code = .connectionReset
            message =
                "The connection broke before a response arrived (\(detail)). Retry later; a proxy or load balancer may be dropping connections."
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED:
            code = .tls
            message =
                "TLS failed (\(detail)). Check that the store's certificate is valid for its host name and that the system CA certificates are installed; verification is never turned off for remote hosts."
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            code = .invalidURL
            message = "curl rejected the URL (\(detail)). Check the store's base URL in the configuration."
        case CURLE_FILESIZE_EXCEEDED:
            code = .responseTooLarge
            message = "The response was larger than this request allows (\(detail)); the transfer was stopped."
        case CURLE_BAD_FUNCTION_ARGUMENT:
            code = .invalidRequest
            message = "The request cannot be sent as built (\(detail)). Fix the header names and values the adapter sets."
        case CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING, CURLE_HTTP2, CURLE_HTTP_RETURNED_ERROR:
            code = .invalidResponse
            message =
                "The server's reply could not be read as HTTP (\(detail)). Check that the URL points at the store's API and not at another service."
        default:
            code = .transferFailed
            message =
                "The transfer failed (\(detail), code \(failure.code.rawValue)). Retry later; if it persists, run with debug logging and report it."
        }
        self.init(code: code, message: message, method: method, url: redactedURL)
    }
}
