import Foundation
import SessionModel
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why a request got no HTTP answer, in words a person acts on, never a raw system error.
public enum TransportFailure: Sendable, Equatable {
    case timedOut(Double)
    case deadlinePassed(Double)
    case refused
    case closed
    case notHTTP
    case tls
    case hostNotFound
    case other(String)

    /// Classifies a URLSession error; `timeoutSeconds` is the limit the request had.
    public init(_ error: any Error, timeoutSeconds: Double) {
        let nsError = error as NSError
        let code: URLError.Code? = (error as? URLError)?.code ?? (nsError.domain == NSURLErrorDomain ? URLError.Code(rawValue: nsError.code) : nil)
        switch code {
        case .timedOut: self = .timedOut(timeoutSeconds)
        case .cannotConnectToHost: self = .refused
        case .networkConnectionLost: self = .closed
        case .unsupportedURL where nsError.localizedDescription.contains("HTTP/0.9"): self = .notHTTP
        case .badServerResponse, .cannotParseResponse, .cannotDecodeRawData, .cannotDecodeContentData, .zeroByteResource: self = .notHTTP
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
             .serverCertificateHasUnknownRoot, .clientCertificateRejected, .clientCertificateRequired: self = .tls
        case .cannotFindHost, .dnsLookupFailed: self = .hostNotFound
        default:
            let text = nsError.localizedDescription
            if text.contains("SSL") || text.contains("TLS") { self = .tls; return }
            let number = code.map { String($0.rawValue) } ?? String(nsError.code)
            self = .other(text.isEmpty || text.contains("(null)") ? "network error \(number)" : "network error \(number): \(text)")
        }
    }

    public var words: String {
        switch self {
        case .timedOut(let seconds): return "no complete answer within \(secondsText(seconds)) (--timeout)"
        case .deadlinePassed(let seconds): return "the run's deadline of \(secondsText(seconds)) passed (--deadline)"
        case .refused: return "connection refused"
        case .closed: return "the connection was reset or closed before a complete answer"
        case .notHTTP: return "the answer was not HTTP (no valid status line: garbage bytes or an HTTP/0.9 reply)"
        case .tls: return "the TLS handshake failed (is it a plain-HTTP port? try http://)"
        case .hostNotFound: return "the host name was not found"
        case .other(let text): return text
        }
    }

    /// What the failure says about the endpoint, and what to do about it.
    public var meaning: String {
        switch self {
        case .timedOut: return "the endpoint accepts connections but does not answer in time, or answers too slowly: it may be overloaded or stuck, or not be an HTTP service"
        case .deadlinePassed: return "the run ran out of time waiting for the endpoint; raise --deadline if it is merely slow"
        case .refused: return "nothing listens at that address and port"
        case .closed: return "the endpoint drops connections before answering: it may be crashing, or a proxy in front of it resets them"
        case .notHTTP: return "whatever listens there does not speak HTTP/1.1"
        case .tls: return "the URL says https, but the port speaks plain HTTP or its certificate is not trusted"
        case .hostNotFound: return "the name in --endpoint does not resolve"
        case .other: return "the connection failed for the reason the system gave"
        }
    }
}

/// A read-back or erasure request that got no usable answer.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
