package io.nextbest.server.grpc;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The field checks every adapter shares. */
class FieldCheckTest {

	@Test
	void idsLookingTheSameAreRefusedWhenAnInvisibleCharacterTellsThemApart() {
		// Zero-width space, zero-width joiner and non-joiner, word joiner, byte order
		// mark, soft hyphen, left-to-right mark, right-to-left override, isolates.
		for (String invisible : List.of("\u200B", "\u200D", "\u200C", "\u2060", "\uFEFF", "\u00AD", "\u200E", "\u202E",
				"\u2066", "\u2069")) {
			String id = "ann" + invisible;
			assertProblem(() -> FieldCheck.id(id, "customer_id"), "customer_id",
					"contains an invisible format character (U+" + hex(invisible) + ") at character 4");
		}
	}

	@Test
	void controlCharactersAndUnpairedSurrogatesAreRefusedInIdsAndText() {
		assertProblem(() -> FieldCheck.id("a\u0007b", "event_id"), "event_id",
				"contains a control character (U+0007) at character 2");
		assertProblem(() -> FieldCheck.id("a\u0085", "event_id"), "event_id",
				"contains a control character (U+0085) at character 2");
		assertProblem(() -> FieldCheck.id("k\uD800", "case_id"), "case_id",
				"contains an unpaired surrogate (U+D800) at character 2");
		assertProblem(() -> FieldCheck.id("\uDC00k", "case_id"), "case_id",
				"contains an unpaired surrogate (U+DC00) at character 1");
		assertProblem(() -> FieldCheck.text("page\n", "context.page", FieldCheck.MAX_VALUE), "context.page",
				"contains a control character (U+000A) at character 5");
		assertProblem(() -> FieldCheck.text("\uD83D", "context.page", FieldCheck.MAX_VALUE), "context.page",
				"contains an unpaired surrogate (U+D83D) at character 1");
	}

	@Test
	void everyKindOfIdAndNameRefusesFormatCharacters() {
		assertProblem(() -> FieldCheck.optionalId("spring\u200Bsale", "campaign.campaign_id"), "campaign.campaign_id",
				"invisible format character (U+200B)");
		assertProblem(() -> FieldCheck.name("broad\u200Dband", "event.journey_stage_changed.journey"),
				"event.journey_stage_changed.journey", "invisible format character (U+200D)");
		assertProblem(() -> FieldCheck.optionalName("\u2066tv", "event.service_case_opened.product"),
				"event.service_case_opened.product", "invisible format character (U+2066)");
		assertProblem(() -> FieldCheck.attributes(Map.of("seg\u200Bment", "gold"), "context.attributes", 8),
				"context.attributes[seg\u200Bment]", "invisible format character (U+200B)");
	}

	@Test
	void textKeepsTheFormatCharactersWritingNeeds() {
		// A family emoji (zero-width joiners), a Persian word (zero-width non-joiner),
		// Hebrew with a right-to-left mark.
		for (String text : List.of("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
				"\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "\u05E9\u05DC\u05D5\u05DD\u200F")) {
			assertThat(FieldCheck.text(text, "context.page", FieldCheck.MAX_VALUE)).isEqualTo(text);
			assertThat(FieldCheck.attributes(Map.of("nickname", text), "context.attributes", 8))
				.containsEntry("nickname", text);
		}
	}

	@Test
	void idsInAnyScriptAndWithEmojiAreAccepted() {
		for (String id : List.of("ann", "zoë-42", "\u5F20\u4F1F", "\u0410\u043D\u043D\u0430", "\uD83D\uDE00-fan")) {
			assertThat(FieldCheck.id(id, "customer_id")).isEqualTo(id);
		}
	}

	@Test
	void lengthsCountCharactersNotUtf16Units() {
		String grin = "\uD83D\uDE00";
		assertThat(FieldCheck.id(grin.repeat(100), "customer_id")).hasSize(200);
		assertThat(FieldCheck.id("a".repeat(127) + grin, "customer_id")).hasSize(129);
		assertThat(FieldCheck.name(grin.repeat(64), "placements[0].name")).hasSize(128);
		assertThat(FieldCheck.text(grin.repeat(256), "context.page", FieldCheck.MAX_VALUE)).hasSize(512);

		assertProblem(() -> FieldCheck.id(grin.repeat(129), "customer_id"), "customer_id",
				"is 129 characters long, at most 128 are allowed");
		assertProblem(() -> FieldCheck.name(grin.repeat(65), "placements[0].name"), "placements[0].name",
				"is 65 characters long, at most 64 are allowed");
		assertProblem(() -> FieldCheck.text("a".repeat(257), "context.page", FieldCheck.MAX_VALUE), "context.page",
				"is 257 characters long, at most 256 are allowed");
	}

	@Test
	void unpairedSurrogatesCountOneCharacterEach() {
		assertProblem(() -> FieldCheck.id("\uD800".repeat(129), "customer_id"), "customer_id",
				"is 129 characters long");
		assertProblem(() -> FieldCheck.id("a".repeat(127) + "\uD800", "customer_id"), "customer_id",
				"contains an unpaired surrogate (U+D800) at character 128");
	}

	private static String hex(String character) {
		return String.format("%04X", character.codePointAt(0));
	}

	private static void assertProblem(Runnable check, String field, String problem) {
		InvalidArgumentException error = catchThrowableOfType(InvalidArgumentException.class, check::run);
		assertThat(error).as("expected a problem with " + field).isNotNull();
		assertThat(error.field()).isEqualTo(field);
		assertThat(error.problem()).contains(problem);
	}

}
