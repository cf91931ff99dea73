package io.nextbest.engine.testing;

import java.nio.file.Path;

/**
 * The what-if tests' rules, the engine's and the server's: a promotion for everyone (with
 * a daily capacity of 10), a case update on open cases, and, in the serving rules but not
 * the candidate, the open-case suppression.
 */
public final class WhatIfRules {

	/** A promo (capacity 10), and a case update on open cases. */
	public static final String CATALOGUE = """
			actions:
			  - { id: promo, kind: offer, purpose: marketing, channels: [web, email], content: promo, capacity: 10 }
			  - { id: case-update, kind: message, purpose: service, channels: [web], content: case }
			""";

	private static final String CASE_UPDATE = """
			package io.nextbest.rules;
			import io.nextbest.facts.*;

			rule "Open case gets a case update"
			when
			    ServiceCase(open)
			then
			    insert(Propose.action("case-update").on(Channel.WEB).priority(95).because("Case open."));
			end
			""";

	private static final String SUPPRESSION = """
			package io.nextbest.rules;
			import io.nextbest.facts.*;

			rule "Open case suppresses marketing"
			when
			    exists ServiceCase(open)
			then
			    insert(Suppress.marketing(ReasonCode.OPEN_SERVICE_CASE, "Open case."));
			end
			""";

	private WhatIfRules() {
	}

	/**
	 * Writes the rules.
	 * @param directory where
	 * @param suppression with the open-case suppression (the serving rules) or without
	 * (the candidate)
	 */
	public static void write(Path directory, boolean suppression) {
		RuleDirectory rules = RuleDirectory.empty(directory);
		rules.write("actions.yaml", CATALOGUE);
		rules.write("promo.drl", RuleDirectory.rule("Everyone gets the promo", "promo", 50));
		rules.write("case.drl", CASE_UPDATE);
		if (suppression) {
			rules.write("suppression.drl", SUPPRESSION);
		}
	}

}
