package io.nextbest.server.rules;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.scenario.ScenarioResult;
import io.nextbest.server.rules.compiler.CompileRequest;
import io.nextbest.server.rules.compiler.CompileResponse;
import io.nextbest.server.rules.compiler.Diagnostic;
import io.nextbest.server.rules.compiler.RuleFile;
import io.nextbest.server.rules.compiler.ScenarioOutcome;

/**
 * What the server and its rule compiler process say to each other over the process's
 * standard input and output: a request carries rule files, a response the outcome of
 * compiling and checking them, with the compiled packages when they compiled. The
 * messages are {@code nba.compiler.v1} (server/src/main/proto), each preceded by its
 * length; a stream that does not hold one is reported out of step.
 */
final class RuleCompilerProtocol {

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

	static void write(OutputStream out, Request request) throws IOException {
		CompileRequest.Builder message = CompileRequest.newBuilder()
			.setId(request.id())
			.setOrigin(request.origin())
			.setNowSeconds(request.now().getEpochSecond())
			.setNowNanos(request.now().getNano());
		for (var file : request.files().files().entrySet()) {
			message.addFiles(
					RuleFile.newBuilder().setPath(file.getKey()).setContent(ByteString.copyFrom(file.getValue())));
		}
		message.build().writeDelimitedTo(out);
		out.flush();
	}

	/**
	 * @return the next request, or null when the other end closed the stream
	 */
	static Request readRequest(InputStream in) throws IOException {
		CompileRequest message = parse(() -> CompileRequest.parseDelimitedFrom(in));
		if (message == null) {
			return null;
		}
		SortedMap<String, byte[]> files = new TreeMap<>();
		for (RuleFile file : message.getFilesList()) {
			files.put(file.getPath(), file.getContent().toByteArray());
		}
		return new Request(message.getId(), new RuleFiles(files), message.getOrigin(),
				Instant.ofEpochSecond(message.getNowSeconds(), message.getNowNanos()));
	}

	static void write(OutputStream out, Response response) throws IOException {
		CompileResponse.Builder message = CompileResponse.newBuilder()
			.setId(response.id())
			.setHash(response.hash())
			.setPackages(ByteString.copyFrom(response.packages()))
			.setError(response.error());
		for (RuleDiagnostic diagnostic : response.diagnostics()) {
			message.addDiagnostics(Diagnostic.newBuilder()
				.setFile(diagnostic.file())
				.setLine(diagnostic.line())
				.setColumn(diagnostic.column())
				.setMessage(diagnostic.message()));
		}
		for (ScenarioResult scenario : response.scenarios()) {
			message.addScenarios(ScenarioOutcome.newBuilder()
				.setFile(scenario.file())
				.setLine(scenario.line())
				.setName(scenario.name())
				.addAllFailures(scenario.failures())
				.addAllGot(scenario.got())
				.addAllFiredRules(scenario.firedRules()));
		}
		message.build().writeDelimitedTo(out);
		out.flush();
	}

	/**
	 * @return the next response
	 * @throws EOFException when the other end closed the stream before answering
	 */
	static Response readResponse(InputStream in) throws IOException {
		CompileResponse message = parse(() -> CompileResponse.parseDelimitedFrom(in));
		if (message == null) {
			throw new EOFException("the stream ended before a response");
		}
		List<RuleDiagnostic> diagnostics = new ArrayList<>(message.getDiagnosticsCount());
		for (Diagnostic d : message.getDiagnosticsList()) {
			diagnostics.add(new RuleDiagnostic(d.getFile(), d.getLine(), d.getColumn(), d.getMessage()));
		}
		List<ScenarioResult> scenarios = new ArrayList<>(message.getScenariosCount());
		for (ScenarioOutcome s : message.getScenariosList()) {
			scenarios.add(new ScenarioResult(s.getFile(), s.getLine(), s.getName(), List.copyOf(s.getFailuresList()),
					List.copyOf(s.getGotList()), List.copyOf(s.getFiredRulesList())));
		}
		return new Response(message.getId(), message.getHash(), List.copyOf(diagnostics), List.copyOf(scenarios),
				message.getPackages().toByteArray(), message.getError());
	}

	/** A stream that does not hold a message where one should start is out of step. */
	private static <M> M parse(Parse<M> parse) throws IOException {
		try {
			return parse.next();
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IOException("out of step: " + ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface Parse<M> {

		M next() throws IOException;

	}

}
