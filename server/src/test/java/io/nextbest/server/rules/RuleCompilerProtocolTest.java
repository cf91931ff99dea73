package io.nextbest.server.rules;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.scenario.ScenarioResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The messages between the server and its compiler process arrive as they were sent. */
class RuleCompilerProtocolTest {

	@Test
	void requestsArriveInOrderAndTheEndOfTheStreamEndsThem() throws IOException {
		TreeMap<String, byte[]> files = new TreeMap<>();
		files.put("offers.drl", "rule \"x\" when then end".getBytes(StandardCharsets.UTF_8));
		files.put("catalogue/actions.yaml", new byte[] { 0, -1, 7 });
		Instant now = Instant.parse("2026-12-06T10:15:30.123456789Z");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		RuleCompilerProtocol.write(out, new RuleCompilerProtocol.Request(7, new RuleFiles(files), "rules/", now));
		RuleCompilerProtocol.write(out,
				new RuleCompilerProtocol.Request(8, new RuleFiles(new TreeMap<>()), "upload", Instant.EPOCH));
		ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());

		RuleCompilerProtocol.Request first = RuleCompilerProtocol.readRequest(in);
		RuleCompilerProtocol.Request second = RuleCompilerProtocol.readRequest(in);

		assertThat(first.id()).isEqualTo(7);
		assertThat(first.origin()).isEqualTo("rules/");
		assertThat(first.now()).isEqualTo(now);
		assertThat(first.files().files()).containsOnlyKeys("catalogue/actions.yaml", "offers.drl");
		assertThat(first.files().files().get("catalogue/actions.yaml")).containsExactly(0, -1, 7);
		assertThat(first.files().hash()).isEqualTo(new RuleFiles(files).hash());
		assertThat(second.id()).isEqualTo(8);
		assertThat(second.files().files()).isEmpty();
		assertThat(RuleCompilerProtocol.readRequest(in)).isNull();
	}

	@Test
	void aResponseCarriesEveryDiagnosticScenarioAndThePackages() throws IOException {
		RuleCompilerProtocol.Response sent = new RuleCompilerProtocol.Response(7, "abc123",
				List.of(new RuleDiagnostic("offers.drl", 3, 14, "no such fact: Custommer")),
				List.of(new ScenarioResult("scenarios.yaml", 12, "detractor gets no offer", List.of("expected none"),
						List.of("web: cross-sell-offer"), List.of("Cross-sell", "Rank by propensity"))),
				new byte[] { 1, 2, 3 }, "");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		RuleCompilerProtocol.write(out, sent);

		RuleCompilerProtocol.Response read = RuleCompilerProtocol
			.readResponse(new ByteArrayInputStream(out.toByteArray()));

		assertThat(read).usingRecursiveComparison().isEqualTo(sent);
	}

	@Test
	void aStreamThatEndsBeforeTheResponseSaysSo() {
		assertThatThrownBy(() -> RuleCompilerProtocol.readResponse(new ByteArrayInputStream(new byte[0])))
			.isInstanceOf(EOFException.class);
	}

	@Test
	void bytesThatAreNoMessageAreOutOfStep() {
		// A length, then bytes that are no request: a field number of 0.
		byte[] junk = { 3, 0, 0, 0 };

		assertThatThrownBy(() -> RuleCompilerProtocol.readRequest(new ByteArrayInputStream(junk)))
			.isInstanceOf(IOException.class)
			.hasMessageStartingWith("out of step");
	}

}
