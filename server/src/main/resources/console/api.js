// The server's procedures over the Connect protocol, called with the marketer's token:
// the console sees exactly what the caller's roles let any client see.

const TOKEN = "nextbest.console.token";

/** A procedure's error: the Connect code, the message, and the field at fault if any. */
export class CallError extends Error {
  constructor(code, message, field) {
    super(message);
    this.code = code;
    this.field = field ?? "";
  }
}

/** The token of this tab, or "" when signed in without one. */
export function token() {
  return sessionStorage.getItem(TOKEN);
}

/** Keeps the token for this tab only (closing the tab forgets it). */
export function keepToken(value) {
  sessionStorage.setItem(TOKEN, value);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN);
}

function headers(type) {
  const headers = { "Content-Type": type, "Connect-Protocol-Version": "1" };
  const bearer = token();
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  return headers;
}

function errorOf(error, status) {
  const badRequest = (error?.details ?? []).find((detail) => detail.type === "google.rpc.BadRequest");
  const field = badRequest?.debug?.fieldViolations?.[0]?.field;
  return new CallError(error?.code ?? `http_${status}`, error?.message ?? `HTTP ${status}`, field);
}

/**
 * A unary call: the request and the answer in the proto3 JSON mapping (fields at their
 * default, zero or empty, are left out of answers).
 */
export async function call(procedure, request = {}) {
  let response;
  try {
    response = await fetch(`/nba.v1.${procedure}`, {
      method: "POST",
      headers: headers("application/json"),
      body: JSON.stringify(request),
    });
  } catch (failure) {
    throw new CallError("unavailable", `The server cannot be reached (${failure.message}).`);
  }
  const text = await response.text();
  let body = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new CallError("internal", `The server answered HTTP ${response.status} without JSON.`);
  }
  if (!response.ok) {
    throw errorOf(body, response.status);
  }
  return body;
}

function envelope(message) {
  const json = new TextEncoder().encode(JSON.stringify(message));
  const bytes = new Uint8Array(5 + json.length);
  new DataView(bytes.buffer).setUint32(1, json.length);
  bytes.set(json, 5);
  return bytes;
}

/**
 * A server-streaming call (Connect streaming, JSON): each message is handed to onMessage
 * as it arrives; resolves when the server ends the stream, rejects with its error.
 */
export async function stream(procedure, request, onMessage, signal) {
  let response;
  try {
    response = await fetch(`/nba.v1.${procedure}`, {
      method: "POST",
      headers: headers("application/connect+json"),
      body: envelope(request),
      signal,
    });
  } catch (failure) {
    throw new CallError("unavailable", `The server cannot be reached (${failure.message}).`);
  }
  if (!response.ok) {
    throw errorOf(await response.json().catch(() => ({})), response.status);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = new Uint8Array(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (value) {
      const joined = new Uint8Array(buffer.length + value.length);
      joined.set(buffer);
      joined.set(value, buffer.length);
      buffer = joined;
    }
    while (buffer.length >= 5) {
      const length = new DataView(buffer.buffer, buffer.byteOffset).getUint32(1);
      if (buffer.length < 5 + length) {
        break;
      }
      const flags = buffer[0];
      const message = JSON.parse(decoder.decode(buffer.subarray(5, 5 + length)));
      buffer = buffer.slice(5 + length);
      if (flags & 0x02) {
        if (message.error) {
          throw errorOf(message.error, 200);
        }
        return;
      }
      onMessage(message);
    }
    if (done) {
      throw new CallError("unavailable", "The answer ended before the server said it was complete.");
    }
  }
}
