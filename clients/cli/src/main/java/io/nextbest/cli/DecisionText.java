package io.nextbest.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.nextbest.api.v1.Action;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.Reason;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.api.v1.Suppression;

/**
 * Prints a decision for people: the decision id and rule set, then one line per channel
 * with its outcome, each followed by its reasons.
 *
 * <pre>
 * decision d-7  rule set 3a9f0c1d2e4b  at 2025-03-01T12:00:00Z
 * web    ACTION    onboarding-guide (message, service, journey broadband, priority 60)
 *     - onboarding-help: The customer is onboarding broadband.
 * email  SUPPRESS  open_service_case: "The customer has an open service case."
 * </pre>
 */
final class DecisionText {

	private static final String NL = System.lineSeparator();

	private DecisionText() {
	}

	static String of(DecideResponse decision) {
		StringBuilder out = new StringBuilder("decision ").append(decision.getDecisionId());
		if (decision.hasRuleSet()) {
			out.append("  rule set ").append(decision.getRuleSet().getVersion());
		}
		if (decision.hasDecidedAt()) {
			out.append("  at ").append(Times.instant(decision.getDecidedAt()));
		}
		out.append(NL);
		int width = decision.getChannelsList()
			.stream()
			.mapToInt((channel) -> EnumNames.of(channel.getChannel()).length())
			.max()
			.orElse(0);
		for (ChannelDecision channel : decision.getChannelsList()) {
			String name = EnumNames.of(channel.getChannel());
			out.append(name).append(" ".repeat(width - name.length() + 2));
			out.append(outcome(channel).stripTrailing()).append(NL);
			for (Reason reason : channel.getReasonsList()) {
				out.append("    - ").append(reason.getRule()).append(": ").append(reason.getMessage()).append(NL);
			}
		}
		return out.toString();
	}

	private static String outcome(ChannelDecision channel) {
		return switch (channel.getOutcomeCase()) {
			case ACTION -> "ACTION    " + action(channel.getAction());
			case SUPPRESSION -> "SUPPRESS  " + suppression(channel.getSuppression());
			case NONE, OUTCOME_NOT_SET -> "NONE";
		};
	}

	private static String action(Action action) {
		List<String> details = new ArrayList<>();
		details.add(EnumNames.of(action.getKind()));
		details.add(EnumNames.of(action.getPurpose()));
		if (!action.getJourney().isEmpty()) {
			details.add("journey " + action.getJourney());
		}
		if (!action.getContentKey().isEmpty() && !action.getContentKey().equals(action.getActionId())) {
			details.add("content " + action.getContentKey());
		}
		details.add("priority " + action.getPriority());
		return action.getActionId() + " (" + String.join(", ", details) + ")";
	}

	private static String suppression(Suppression suppression) {
		String message = "\"" + suppression.getMessage() + "\"";
		if (suppression.getCode() == ReasonCode.REASON_CODE_UNSPECIFIED) {
			return message;
		}
		// Reason codes are stable reporting codes, so they print as identifiers.
		return EnumNames.of(suppression.getCode()).replace('-', '_').toLowerCase(Locale.ROOT) + ": " + message;
	}

}
