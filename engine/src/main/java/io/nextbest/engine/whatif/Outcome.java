package io.nextbest.engine.whatif;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import java.util.Locale;

import io.nextbest.engine.decision.ChannelDecision;
import io.nextbest.engine.decision.ChannelDecision.ChosenAction;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;

/**
 * What one arm of a what-if gave a customer on one channel: an action (the best one), a
 * suppression with its code, or none.
 *
 * @param kind action, suppression or none
 * @param actionId the best action, for an action; otherwise an empty string
 * @param code the reason code, for a suppression; otherwise null
 * @param marketing true when any chosen action has the marketing purpose
 */
public record Outcome(Kind kind, String actionId, ReasonCode code, boolean marketing) implements Comparable<Outcome> {

	/** Neither an action nor a suppression. */
	public static final Outcome NONE = new Outcome(Kind.NONE, "", null, false);

	private static final Comparator<Outcome> ORDER = Comparator.comparing(Outcome::kind)
		.thenComparing(Outcome::actionId)
		.thenComparing((o) -> (o.code() != null) ? o.code().name() : "");

	/**
	 * The outcome of a channel.
	 * @param decision the channel's decision
	 * @return its outcome
	 */
	static Outcome of(ChannelDecision decision) {
		if (decision.isAction()) {
			boolean marketing = false;
			for (ChosenAction action : decision.actions()) {
				marketing |= action.definition().purpose() == Purpose.MARKETING;
			}
			return new Outcome(Kind.ACTION, decision.action().definition().id(), null, marketing);
		}
		if (decision.isSuppression()) {
			return new Outcome(Kind.SUPPRESSION, "", decision.suppression().code(), false);
		}
		return NONE;
	}

	/**
	 * @return the outcome as a marketer reads it: {@code cross-sell-offer},
	 * {@code suppressed open_service_case} or {@code none}
	 */
	public String label() {
		return switch (this.kind) {
			case ACTION -> this.actionId;
			case SUPPRESSION -> "suppressed " + this.code.name().toLowerCase(Locale.ROOT);
			case NONE -> "none";
		};
	}

	/**
	 * Writes the outcome, for {@link #readFrom} in another JVM.
	 */
	void writeTo(DataOutput out) throws IOException {
		out.writeByte(this.kind.ordinal());
		out.writeUTF(this.actionId);
		out.writeUTF((this.code != null) ? this.code.name() : "");
		out.writeBoolean(this.marketing);
	}

	static Outcome readFrom(DataInput in) throws IOException {
		int kind = in.readUnsignedByte();
		if (kind >= Kind.values().length) {
			throw new IOException("no outcome kind " + kind);
		}
		String actionId = in.readUTF();
		String code = in.readUTF();
		boolean marketing = in.readBoolean();
		try {
			return new Outcome(Kind.values()[kind], actionId, code.isEmpty() ? null : ReasonCode.valueOf(code),
					marketing);
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("no reason code " + code, ex);
		}
	}

	@Override
	public int compareTo(Outcome other) {
		return ORDER.compare(this, other);
	}

	/** The kinds of outcome. */
	public enum Kind {

		/** An action was chosen. */
		ACTION,
		/** The channel is suppressed. */
		SUPPRESSION,
		/** Neither. */
		NONE

	}

}
