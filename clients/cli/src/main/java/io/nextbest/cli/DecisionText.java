package io.nextbest.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.nextbest.api.v1.Action;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.FunnelEntry;
import io.nextbest.api.v1.FunnelStatus;
import io.nextbest.api.v1.PropensitySource;
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
 *
 * A placement prints as {@code channel/placement}; further actions follow the first on
 * lines of their own, and an explained decision lists its funnel after the reasons.
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
		int width = decision.getChannelsList().stream().mapToInt((channel) -> name(channel).length()).max().orElse(0);
		for (ChannelDecision channel : decision.getChannelsList()) {
			String name = name(channel);
			out.append(name).append(" ".repeat(width - name.length() + 2));
			out.append(outcome(channel).stripTrailing()).append(NL);
			for (int i = 1; i < channel.getActionsCount(); i++) {
				out.append(" ".repeat(width + 2)).append("          ").append(action(channel.getActions(i))).append(NL);
			}
			for (Reason reason : channel.getReasonsList()) {
				out.append("    - ").append(reason.getRule()).append(": ").append(reason.getMessage()).append(NL);
			}
			if (channel.getFunnelCount() > 0) {
				out.append("    funnel:").append(NL);
				for (FunnelEntry entry : channel.getFunnelList()) {
					out.append("      ").append(funnel(entry)).append(NL);
				}
			}
		}
		return out.toString();
	}

	private static String name(ChannelDecision channel) {
		String name = EnumNames.of(channel.getChannel());
		return channel.getPlacement().isEmpty() ? name : name + "/" + channel.getPlacement();
	}

	private static String funnel(FunnelEntry entry) {
		String status = String.format("%-15s", EnumNames.of(entry.getStatus()).toUpperCase(Locale.ROOT));
		String head = status + entry.getActionId() + " (rule " + entry.getRule() + ")";
		if (entry.getStatus() == FunnelStatus.FUNNEL_STATUS_REMOVED) {
			return head + " removed by " + entry.getRemovedBy() + ", " + EnumNames.of(entry.getCode()).replace('-', '_')
					+ ": " + entry.getMessage();
		}
		return head
				+ String.format(Locale.ROOT, " score %.4g = priority %d x value %s x propensity %.3g x lever %s",
						entry.getScore(), entry.getPriority(), number(entry.getValue()), entry.getPropensity(),
						number(entry.getLever()))
				+ (entry.getMessage().isEmpty() ? "" : ": " + entry.getMessage()) + propensity(entry);
	}

	/** Where a scored candidate's propensity came from, on a line of its own. */
	private static String propensity(FunnelEntry entry) {
		if (entry.getPropensitySource() == PropensitySource.PROPENSITY_SOURCE_UNSPECIFIED
				|| entry.getPropensitySource() == PropensitySource.UNRECOGNIZED) {
			return "";
		}
		return NL + " ".repeat(21) + "propensity from " + EnumNames.of(entry.getPropensitySource())
				+ (entry.getPropensityBasis().isEmpty() ? "" : ": " + entry.getPropensityBasis());
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
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
		if (action.getScore() != 0) {
			details.add(String.format(Locale.ROOT, "score %.4g", action.getScore()));
		}
		if (action.getRule().startsWith("policy:")) {
			details.add(action.getRule());
		}
		return action.getActionId() + " (" + String.join(", ", details) + ")";
	}

	private static String suppression(Suppression suppression) {
		String message = "\"" + suppression.getMessage() + "\"";
		if (suppression.hasAllowedAt()) {
			message += " (allowed from " + Times.instant(suppression.getAllowedAt()) + ")";
		}
		if (suppression.getCode() == ReasonCode.REASON_CODE_UNSPECIFIED) {
			return message;
		}
		// Reason codes are stable reporting codes, so they print as identifiers.
		return EnumNames.of(suppression.getCode()).replace('-', '_').toLowerCase(Locale.ROOT) + ": " + message;
	}

}
