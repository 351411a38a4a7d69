/** Types shared by the wire formats: what encoding produces and what decoding reads. */
import type { Catalog, RateLimitHeaderStyle, WireFormat } from "../catalog/model.js";
import type { ErrataError } from "../runtime/ErrataError.js";

export type { WireFormat };

/** Rate-limit state to advertise in headers. */
export interface RateLimitState {
  readonly limit: number;
  readonly remaining: number;
  /** Legacy style: epoch seconds of the reset. IETF style: seconds until the reset. */
  readonly reset: number;
  /** Window in seconds, for the IETF RateLimit-Policy header. */
  readonly window?: number;
  /** Policy name for the IETF headers (default "default"). */
  readonly policy?: string;
}

export interface EncodeOptions {
  /** Overrides the error's requestId. */
  readonly requestId?: string;
  /** W3C trace id, carried where the format has a place for it. */
  readonly traceId?: string;
  /** RFC 9457 `instance` (default: `urn:uuid:<requestId>` when the request id is a UUID, else none). */
  readonly instance?: string;
  /**
   * Add what an agent needs to act (retry advice, docs URL, suggestion, status)
   * in the format's extension point (default true). With false, the envelope,
   * flat and JSON-RPC bodies keep exactly the members their references show.
   */
  readonly hints?: boolean;
  /** The catalog, for catalog-level defaults (rate-limit header style, domain). */
  readonly catalog?: Catalog;
  /** Rate-limit state for the headers: one policy, or several (IETF lists them all). */
  readonly rateLimit?: RateLimitState | readonly RateLimitState[];
  readonly rateLimitHeaders?: RateLimitHeaderStyle;
  /** JSON-RPC request id (default null). */
  readonly id?: string | number | null;
  /** Google ErrorInfo domain (default: the catalog's `domain`, then its name). */
  readonly domain?: string;
  /**
   * The HTTP status to send an error the catalog gives none (`status: none`). Without
   * it, encoding such an error in an HTTP format throws WIRE_NO_HTTP_STATUS; JSON-RPC
   * and the binary frame carry it as it is.
   */
  readonly httpStatus?: number;
}

/** An encoded error, ready to send. */
export interface Encoded {
  readonly format: WireFormat;
  /** The HTTP status to send (JSON-RPC errors travel with 200, except 401/403/429). */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

export interface DecodeOptions {
  /** Catalogs to resolve codes against; unknown codes become generic errors. */
  readonly catalogs?: readonly Catalog[];
  /** The format to expect; detected from content type and shape when omitted. */
  readonly format?: WireFormat;
  readonly contentType?: string;
  /** The response's HTTP status. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>> | Headers;
  /** Bodies larger than this are refused (default 1 MiB). */
  readonly maxBytes?: number;
}

export type DecodeResult =
  | { readonly ok: true; readonly format: WireFormat; readonly error: ErrataError; readonly known: boolean }
  | { readonly ok: false; readonly format?: WireFormat; readonly error: ErrataError };

/** What a format reads out of a body, before it is resolved against catalogs. */
export interface WireFields {
  code?: string;
  name?: string;
  message?: string;
  status?: number;
  details?: Record<string, unknown>;
  retryable?: boolean;
  retryAfter?: number;
  subcode?: string;
  reason?: string;
  requestId?: string;
  /** JSON-RPC error code, used to resolve catalogs that share numbers. */
  jsonrpcCode?: number;
  /** The message in the language the server answered in (Google's LocalizedMessage, or Content-Language). */
  localized?: { readonly locale: string; readonly message: string };
  /** Google's ErrorInfo.metadata (lowerCamelCase keys, string values): the details when nothing else carries them. */
  metadata?: Record<string, unknown>;
  /** The body had no room for details (JSON-RPC with hints off): they are read back from the message. */
  detailsInMessage?: boolean;
}

/** One wire format. */
export interface Format {
  readonly name: WireFormat;
  readonly contentType: string;
  encode(error: ErrataError, options: EncodeOptions): Encoded;
  /** Read fields out of a parsed body (bytes for binary); a string is the reason it failed. */
  decode(body: unknown): WireFields | string;
  /** Whether a parsed JSON body has this format's shape. */
  matches(body: unknown): boolean;
}
