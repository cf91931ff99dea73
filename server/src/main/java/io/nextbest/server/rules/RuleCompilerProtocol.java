package io.nextbest.server.rules;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.scenario.ScenarioResult;

/**
 * What the server and its rule compiler process say to each other over the process's
 * standard input and output: a request carries rule files, a response the outcome of
 * compiling and checking them, with the compiled packages when they compiled. Both ends
 * run the same build of the server, so the format needs no versioning beyond a check that
 * each message starts where it should.
 */
final class RuleCompilerProtocol {

	private static final int REQUEST = 0x4e424152;

	private static final int RESPONSE = 0x4e424143;

	private RuleCompilerProtocol() {
	}

	/**
	 * A compile request.
	 *
	 * @param id told back in the response
	 * @param files the rule files
	 * @param origin where the files come from, for messages
	 * @param now the moment scenarios run at
	 */
	record Request(long id, RuleFiles files, String origin, Instant now) {

	}

	/**
	 * The outcome of a compile.
	 *
	 * @param id the request's
	 * @param hash the content hash of the files compiled
	 * @param diagnostics every problem in the files
	 * @param scenarios every scenario's result
	 * @param packages the compiled packages
	 * ({@link io.nextbest.engine.ruleset.CompiledPackages}), empty when the files did not
	 * compile
	 * @param error why the compiler itself failed, empty when it did not
	 */
	record Response(long id, String hash, List<RuleDiagnostic> diagnostics, List<ScenarioResult> scenarios,
			byte[] packages, String error) {

	}

	static void write(DataOutputStream out, Request request) throws IOException {
		out.writeInt(REQUEST);
		out.writeLong(request.id());
		writeString(out, request.origin());
		out.writeLong(request.now().getEpochSecond());
		out.writeInt(request.now().getNano());
		out.writeInt(request.files().files().size());
		for (var file : request.files().files().entrySet()) {
			writeString(out, file.getKey());
			writeBytes(out, file.getValue());
		}
		out.flush();
	}

	/**
	 * @return the next request, or null when the other end closed the stream
	 */
	static Request readRequest(DataInputStream in) throws IOException {
		int start;
		try {
			start = in.readInt();
		}
		catch (EOFException ex) {
			return null;
		}
		expect(REQUEST, start);
		long id = in.readLong();
		String origin = readString(in);
		Instant now = Instant.ofEpochSecond(in.readLong(), in.readInt());
		int count = in.readInt();
		SortedMap<String, byte[]> files = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			files.put(readString(in), readBytes(in));
		}
		return new Request(id, new RuleFiles(files), origin, now);
	}

	static void write(DataOutputStream out, Response response) throws IOException {
		out.writeInt(RESPONSE);
		out.writeLong(response.id());
		writeString(out, response.hash());
		out.writeInt(response.diagnostics().size());
		for (RuleDiagnostic diagnostic : response.diagnostics()) {
			writeString(out, diagnostic.file());
			out.writeInt(diagnostic.line());
			out.writeInt(diagnostic.column());
			writeString(out, diagnostic.message());
		}
		out.writeInt(response.scenarios().size());
		for (ScenarioResult scenario : response.scenarios()) {
			writeString(out, scenario.file());
			out.writeInt(scenario.line());
			writeString(out, scenario.name());
			writeStrings(out, scenario.failures());
			writeStrings(out, scenario.got());
			writeStrings(out, scenario.firedRules());
		}
		writeBytes(out, response.packages());
		writeString(out, response.error());
		out.flush();
	}

	static Response readResponse(DataInputStream in) throws IOException {
		expect(RESPONSE, in.readInt());
		long id = in.readLong();
		String hash = readString(in);
		int diagnosticCount = in.readInt();
		List<RuleDiagnostic> diagnostics = new ArrayList<>(diagnosticCount);
		for (int i = 0; i < diagnosticCount; i++) {
			diagnostics.add(new RuleDiagnostic(readString(in), in.readInt(), in.readInt(), readString(in)));
		}
		int scenarioCount = in.readInt();
		List<ScenarioResult> scenarios = new ArrayList<>(scenarioCount);
		for (int i = 0; i < scenarioCount; i++) {
			scenarios.add(new ScenarioResult(readString(in), in.readInt(), readString(in), readStrings(in),
					readStrings(in), readStrings(in)));
		}
		return new Response(id, hash, List.copyOf(diagnostics), List.copyOf(scenarios), readBytes(in), readString(in));
	}

	private static void expect(int expected, int got) throws IOException {
		if (got != expected) {
			throw new IOException(
					String.format("out of step: expected a message to start with %08x, got %08x", expected, got));
		}
	}

	private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static byte[] readBytes(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0) {
			throw new IOException("out of step: a length of " + length);
		}
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return bytes;
	}

	private static void writeString(DataOutputStream out, String text) throws IOException {
		writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
	}

	private static String readString(DataInputStream in) throws IOException {
		return new String(readBytes(in), StandardCharsets.UTF_8);
	}

	private static void writeStrings(DataOutputStream out, List<String> texts) throws IOException {
		out.writeInt(texts.size());
		for (String text : texts) {
			writeString(out, text);
		}
	}

	private static List<String> readStrings(DataInputStream in) throws IOException {
		int count = in.readInt();
		List<String> texts = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			texts.add(readString(in));
		}
		return List.copyOf(texts);
	}

}
