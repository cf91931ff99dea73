package io.nextbest.server.connect;

import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.util.AsciiString;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Serves the Connect calls of callers that are not browsers (no {@code Origin} header: a
 * site's backend, curl, a proxy) straight from the HTTP port's handler, ahead of WebFlux.
 * For those the WebFlux path only costs: Spring Security's web filter chain lets every
 * procedure through to the in-process gRPC server, whose interceptor authenticates and
 * authorises the call as on the gRPC port; CORS has nothing to do without an origin; and
 * the HTTP observation times what {@code grpc_server_seconds} times already. Browsers
 * (with an {@code Origin}) and anything else on the port take the WebFlux path as before,
 * CORS and preflights included.
 * <p>
 * The answers carry the headers the WebFlux path gives them (the {@code Vary} of CORS,
 * Spring Security's default response headers), so a caller sees the same response either
 * way.
 */
final class DirectConnectCalls implements HttpHandlerDecoratorFactory, ApplicationContextAware {

	/**
	 * What CORS and Spring Security's default headers writer add to a procedure's answer
	 * on the WebFlux path, in their order.
	 */
	private static final List<Map.Entry<String, String>> HEADERS = List.of(Map.entry(HttpHeaders.VARY, "Origin"),
			Map.entry(HttpHeaders.VARY, "Access-Control-Request-Method"),
			Map.entry(HttpHeaders.VARY, "Access-Control-Request-Headers"),
			Map.entry(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate"),
			Map.entry(HttpHeaders.PRAGMA, "no-cache"), Map.entry(HttpHeaders.EXPIRES, "0"),
			Map.entry("X-Content-Type-Options", "nosniff"), Map.entry("X-Frame-Options", "DENY"),
			Map.entry("X-XSS-Protection", "0"), Map.entry("Referrer-Policy", "no-referrer"));

	/**
	 * The same, built once in Netty's form (names and values as {@code AsciiString}s):
	 * added to each answer in one step, without validating and hashing each header again,
	 * and encoded by copying bytes. Added header by header through Spring's adapter they
	 * took a tenth of a Connect call's CPU.
	 */
	private static final io.netty.handler.codec.http.HttpHeaders NETTY_HEADERS = nettyHeaders();

	private static final String PREFIX = "/nba.v1.";

	private final ConnectBridge bridge;

	private ApplicationContext context;

	DirectConnectCalls(ConnectBridge bridge) {
		this.bridge = bridge;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * The HTTP port's handler with the direct path in front; any other handler (the
	 * management port's, built in a context of its own that sees this one's beans) as it
	 * is.
	 */
	@Override
	public HttpHandler apply(HttpHandler handler) {
		if (!(handler instanceof HttpWebHandlerAdapter adapter) || adapter.getApplicationContext() != this.context) {
			return handler;
		}
		return (request, response) -> {
			String procedure = direct(request);
			if (procedure == null) {
				return handler.handle(request, response);
			}
			if (ServerHttpResponseDecorator.getNativeResponse(response) instanceof HttpServerResponse netty) {
				netty.responseHeaders().add(NETTY_HEADERS);
			}
			else {
				HttpHeaders headers = response.getHeaders();
				HEADERS.forEach((header) -> headers.add(header.getKey(), header.getValue()));
			}
			return this.bridge.serve(procedure, request, response);
		};
	}

	/**
	 * @return the procedure's full name when the request is a Connect call from a caller
	 * that is not a browser, with a plain path; otherwise null
	 */
	static String direct(ServerHttpRequest request) {
		if (request.getMethod() != HttpMethod.POST || request.getHeaders().containsHeader(HttpHeaders.ORIGIN)) {
			return null;
		}
		// The raw path of the URI parsed already: with the characters allowed below it is
		// the path the router would decode.
		String path = request.getURI().getRawPath();
		if (!path.startsWith(PREFIX)) {
			return null;
		}
		// nba.v1.<Service>/<Method>: letters, digits and underscores, one slash between,
		// so that the name is the path as the router would decode it.
		int slash = -1;
		for (int i = PREFIX.length(); i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '/') {
				if (slash != -1 || i == PREFIX.length()) {
					return null;
				}
				slash = i;
			}
			else if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_') {
				return null;
			}
		}
		return (slash == -1 || slash == path.length() - 1) ? null : path.substring(1);
	}

	private static io.netty.handler.codec.http.HttpHeaders nettyHeaders() {
		io.netty.handler.codec.http.HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
		HEADERS.forEach(
				(header) -> headers.add(AsciiString.cached(header.getKey()), AsciiString.cached(header.getValue())));
		return headers;
	}

}
