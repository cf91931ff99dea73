package io.nextbest.server.grpc;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.ruleset.RuleSetVersion;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule set's texts kept encoded for responses. */
class ResponseTextsTest {

	private final RuleSetVersion serving = new RuleSetVersion("a1b2", Instant.parse("2026-12-01T10:00:00Z"));

	@Test
	void aTextIsEncodedOncePerRuleSet() {
		ResponseMapper.Texts texts = ResponseMapper.Texts.of(this.serving);

		assertThat(texts.encoded("welcome-offer").toStringUtf8()).isEqualTo("welcome-offer");
		assertThat(texts.encoded("Relance été")).isSameAs(texts.encoded("Relance été"));
		assertThat(ResponseMapper.Texts.of(this.serving)).isSameAs(texts);
	}

	@Test
	void anotherRuleSetStartsAfresh() {
		ResponseMapper.Texts before = ResponseMapper.Texts.of(this.serving);
		RuleSetVersion reloaded = new RuleSetVersion("a1b2", Instant.parse("2026-12-01T11:00:00Z"));

		ResponseMapper.Texts after = ResponseMapper.Texts.of(reloaded);

		assertThat(after).isNotSameAs(before);
		assertThat(after.encoded("welcome-offer")).isNotSameAs(before.encoded("welcome-offer"))
			.isEqualTo(before.encoded("welcome-offer"));
	}

	@Test
	void pastItsBoundTextsAreStillEncodedRight() {
		ResponseMapper.Texts texts = ResponseMapper.Texts
			.of(new RuleSetVersion("c3d4", Instant.parse("2026-12-01T12:00:00Z")));
		for (int i = 0; i < ResponseMapper.Texts.MAX + 10; i++) {
			assertThat(texts.encoded("rule-" + i).toStringUtf8()).isEqualTo("rule-" + i);
		}
		String last = "rule-" + (ResponseMapper.Texts.MAX + 5);
		assertThat(texts.encoded(last)).isNotSameAs(texts.encoded(last)).isEqualTo(texts.encoded(last));
	}

}
