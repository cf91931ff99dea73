package io.nextbest.server.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * Connect calls as curl makes them: a plain HTTP/1.1 POST to the server's HTTP port on
 * loopback, with the JDK's HTTP client.
 */
public final class ConnectCalls {

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final int port;

	public ConnectCalls(int port) {
		this.port = port;
	}

	/**
	 * @param procedure {@code Service/Method}, e.g. {@code DecisionService/Decide}
	 * @return a POST of it, with a minute for the answer
	 */
	public HttpRequest.Builder post(String procedure) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/nba.v1." + procedure))
			.timeout(Duration.ofMinutes(1));
	}

	/** A JSON call; {@code token} may be null. */
	public HttpResponse<String> json(String procedure, Message request, String token) {
		return json(procedure, print(request), token);
	}

	public HttpResponse<String> json(String procedure, String body, String token) {
		HttpRequest.Builder post = post(procedure).header("Content-Type", "application/json")
			.header("Connect-Protocol-Version", "1")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			post.header("Authorization", "Bearer " + token);
		}
		return send(post.build());
	}

	public HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @return the response as soon as its headers came, its body read as it comes (a
	 * stream's envelopes one by one)
	 */
	public HttpResponse<InputStream> sendForStream(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @return the Connect error code of an error response
	 */
	public static String code(HttpResponse<String> response) {
		return error(response).get("code").getAsString();
	}

	public static JsonObject error(HttpResponse<String> response) {
		return JsonParser.parseString(response.body()).getAsJsonObject();
	}

	public static String print(Message message) {
		try {
			return JsonFormat.printer().print(message);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static <B extends Message.Builder> B parse(String json, B builder) {
		try {
			JsonFormat.parser().merge(json, builder);
			return builder;
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
