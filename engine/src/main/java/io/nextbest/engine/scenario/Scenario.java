package io.nextbest.engine.scenario;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ReasonCode;

/**
 * A marketer's test of the rules: given a customer and a request, what each channel must
 * get, and which rules must or must not fire. Read from a YAML file under
 * {@code scenarios/}.
 *
 * @param file the scenario file, relative to the rules directory
 * @param line the line the scenario starts on
 * @param name the scenario's name
 * @param customer the customer's context
 * @param request the request
 * @param at the moment of the decision; the customer's "days ago" count back from it
 * @param expected what each channel must get
 * @param fired rules that must fire
 * @param notFired rules that must not fire
 */
public record Scenario(String file, int line, String name, CustomerContext customer, DecisionRequest request,
		Instant at, Map<Channel, Expected> expected, List<String> fired, List<String> notFired) {

	/**
	 * What a channel must get.
	 *
	 * @param actionId the action, or null when the channel must get none
	 * @param suppressed whether the channel must be suppressed
	 * @param code the suppression's reason code, or null for any
	 */
	public record Expected(String actionId, boolean suppressed, ReasonCode code) {

		static final Expected NOTHING = new Expected(null, false, null);

		@Override
		public String toString() {
			if (this.actionId != null) {
				return "action " + this.actionId;
			}
			if (this.suppressed) {
				return "suppressed" + ((this.code != null) ? " " + ScenarioParser.name(this.code) : "");
			}
			return "nothing";
		}

	}

}
