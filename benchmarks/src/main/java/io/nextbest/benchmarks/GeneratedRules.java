package io.nextbest.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;

/**
 * Rule sets of any size, shaped like the sample rules: nine in ten rules propose an
 * action for a journey stage and segment, one in ten suppresses marketing on a survey
 * score or an open case. Each rule has its own constants, as hand-written rules do, so
 * the engine cannot share their conditions.
 */
final class GeneratedRules {

	private static final String[] STAGES = { "AWARENESS", "ENGAGED", "MARKETING_QUALIFIED", "EVALUATION", "PURCHASE",
			"ONBOARDING", "ADOPTION", "VALUE_REALIZATION", "LOYALTY", "ADVOCACY" };

	private static final String[] SEGMENTS = { "gold", "silver", "bronze" };

	private static final String[] JOURNEYS = { "broadband", "mobile", "tv" };

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
			if (r % 10 == 9) {
				if (r % 20 == 9) {
					drl.append("    Survey(type == SurveyType.NPS, score <= ").append(r % 7).append(")\n");
				}
				else {
					drl.append("    ServiceCase(open, product == \"").append(JOURNEYS[r % 3]).append("\")\n");
				}
				drl.append("then\n    insert(Suppress.marketing(ReasonCode.POLICY, \"Generated suppression ")
					.append(r)
					.append(".\").on(Channel.EMAIL));\nend\n\n");
			}
			else {
				drl.append("    Customer(segment == \"")
					.append(SEGMENTS[r % 3])
					.append("\")\n    Journey(name == \"")
					.append(JOURNEYS[(r / 3) % 3])
					.append("\", stage == Stage.")
					.append(STAGES[(r / 9) % STAGES.length])
					.append(")\nthen\n    insert(Propose.action(\"")
					.append(actions[r % actions.length])
					.append("\").priority(")
					.append(r % 90 + 1)
					.append(").because(\"Generated rule ")
					.append(r)
					.append(".\"));\nend\n\n");
			}
		}
		return drl.toString();
	}

}
