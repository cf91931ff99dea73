package io.nextbest.engine.ruleset;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.drools.io.ByteArrayResource;
import org.junit.jupiter.api.Test;

import io.nextbest.engine.model.RuleDiagnostic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problems as reported: the first 50 and a count of the rest, long texts cut; and the DRL
 * resource whose hash Drools's error set asks for again and again.
 */
class ProblemsTest {

	@Test
	void theFirstFiftyProblemsAndHowManyMore() {
		List<RuleDiagnostic> all = IntStream.rangeClosed(1, 120)
			.mapToObj((line) -> new RuleDiagnostic("junk.drl", line, 1, "mismatched input 'rule'"))
			.toList();

		List<RuleDiagnostic> capped = Problems.capped(all, "rules");

		assertThat(capped).hasSize(51);
		assertThat(capped.subList(0, 50)).isEqualTo(all.subList(0, 50));
		assertThat(capped.get(50)).hasToString("rules: and 70 more problems (only the first 50 are reported)");
		assertThat(Problems.capped(capped, "rules")).isEqualTo(capped);
	}

	@Test
	void aLongMessageIsCutSayingHowMuch() {
		RuleDiagnostic longOne = new RuleDiagnostic("a.drl", 1, 1, "x".repeat(5000));

		RuleDiagnostic cut = Problems.capped(List.of(longOne), "rules").get(0);

		assertThat(cut.message()).hasSize(1000 + "... (4000 more characters)".length())
			.endsWith("... (4000 more characters)");
		assertThat(Problems.capped(List.of(cut), "rules")).containsExactly(cut);
	}

	@Test
	void aDrlResourceHashesItsBytesOnceAndEqualsDroolsOwn() {
		byte[] drl = "rule rule rule".getBytes(StandardCharsets.UTF_8);
		DrlResource resource = new DrlResource(drl);
		int hash = resource.hashCode();

		// The bytes are the resource's own: a changed byte is not hashed again.
		drl[0] = 'R';

		assertThat(resource.hashCode()).isEqualTo(hash);
		assertThat(resource).isEqualTo(new ByteArrayResource(drl));
	}

}
