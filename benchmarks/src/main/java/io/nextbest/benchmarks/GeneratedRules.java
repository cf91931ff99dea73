package io.nextbest.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.facts.Stage;

/**
 * Rule sets of any size, shaped like a marketer's decision table: each row is keyed on a
 * segment, a journey and a stage ({@code ==} on the {@code Journey} fact's own
 * properties, which the rule engine hashes) and tests a profile attribute after them.
 * Nine rows in ten propose an action; one in ten suppresses marketing for that key when
 * the customer is a detractor or has an open case about the journey's product, tested on
 * the same fact ({@code detractor}, {@code openCase}), so that every row is one pattern.
 * Rows take the keys in turn (3 segments x 3 journeys x 10 stages x 12 regions), so up to
 * 1,080 rules have keys of their own, as a table's rows do, and a customer matches at
 * most one row per journey.
 */
final class GeneratedRules {

	private static final String[] STAGES = { "AWARENESS", "ENGAGED", "MARKETING_QUALIFIED", "EVALUATION", "PURCHASE",
			"ONBOARDING", "ADOPTION", "VALUE_REALIZATION", "LOYALTY", "ADVOCACY" };

	private static final String[] SEGMENTS = { "gold", "silver", "bronze" };

	private static final String[] JOURNEYS = { "broadband", "mobile", "tv" };

	private static final int REGIONS = 12;

	private static final int ACTIONS = 20;

	private GeneratedRules() {
	}

	/** Writes a rule set of the given size to a new directory and compiles it. */
	static RuleSet load(int rules) throws IOException {
		return RuleSetLoader.load(write(rules), Clock.systemUTC());
	}

	static Path write(int rules) throws IOException {
		Path directory = Files.createTempDirectory("nextbest-rules-" + rules + "-");
		StringBuilder catalogue = new StringBuilder("actions:\n");
		for (int a = 0; a < ACTIONS; a++) {
			catalogue.append("  - id: generated-")
				.append(a)
				.append("\n    kind: offer\n    purpose: marketing\n    channels: [web, app, email, sms]\n")
				.append("    content: generated/")
				.append(a)
				.append('\n');
		}
		Files.writeString(directory.resolve("actions.yaml"), catalogue);
		String[] actions = new String[ACTIONS];
		for (int a = 0; a < ACTIONS; a++) {
			actions[a] = "generated-" + a;
		}
		String drl = drl(rules, actions, "");
		Files.writeString(directory.resolve("generated.drl"), drl);
		return directory;
	}

	/**
	 * The DRL of a generated rule set.
	 * @param rules how many rules
	 * @param actions the action ids the rules propose, in turn
	 * @param guard a condition every rule starts with (a line of DRL), or "" for none
	 * @return the DRL
	 */
	static String drl(int rules, String[] actions, String guard) {
		StringBuilder drl = new StringBuilder(
				"package io.nextbest.rules.generated;\n\nimport io.nextbest.facts.*;\n\n");
		for (int r = 0; r < rules; r++) {
			drl.append("// Generated rule ").append(r).append(".\nrule \"generated ").append(r).append("\"\nwhen\n");
			if (!guard.isEmpty()) {
				drl.append("    ").append(guard).append('\n');
			}
			drl.append("    $j : Journey(segment == \"")
				.append(SEGMENTS[r % 3])
				.append("\", name == \"")
				.append(JOURNEYS[(r / 3) % 3])
				.append("\", stage == Stage.")
				.append(STAGES[(r / 9) % STAGES.length])
				.append(", attribute(\"region\") == \"r")
				.append(region(r))
				.append('"');
			if (r % 10 == 9) {
				drl.append((r % 20 == 9) ? ", detractor)\n" : ", openCase)\n");
				drl.append("then\n    insert(Suppress.marketing(ReasonCode.POLICY, \"Generated suppression ")
					.append(r)
					.append(".\").on(Channel.EMAIL));\nend\n\n");
			}
			else {
				drl.append(")\nthen\n    insert(Propose.action(\"")
					.append(actions[r % actions.length])
					.append("\").journey($j.getName()).priority(")
					.append(r % 90 + 1)
					.append(").because(\"Generated rule ")
					.append(r)
					.append(".\"));\nend\n\n");
			}
		}
		return drl.toString();
	}

	/**
	 * A customer whose journey matches one row's key (segment, journey, stage and
	 * region): in a rule set of any size, a customer of row r (r below the size) fires
	 * that row and no other of the table.
	 * @param customerId the customer
	 * @param rule the row
	 * @param variant picks the NPS answer (0 to 10), which a suppression row may test
	 * @param now the time the history leads up to
	 * @return the context
	 */
	static CustomerContext customerOf(String customerId, int rule, int variant, Instant now) {
		return Contexts.typical(customerId, SEGMENTS[rule % 3], "r" + region(rule), JOURNEYS[(rule / 3) % 3],
				Stage.valueOf(STAGES[(rule / 9) % STAGES.length]), variant % 11, now);
	}

	/**
	 * The region a row tests: every segment, journey and stage with one region, then the
	 * next.
	 */
	static int region(int rule) {
		return (rule / (SEGMENTS.length * JOURNEYS.length * STAGES.length)) % REGIONS;
	}

}
