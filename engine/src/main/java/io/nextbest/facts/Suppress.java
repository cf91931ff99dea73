package io.nextbest.facts;

/**
 * A rule's conclusion: suppress marketing, on every channel or on one. Service actions
 * (purpose service, such as a case update) are not suppressed. Insert it from a rule:
 *
 * <pre>
 * insert(Suppress.marketing(ReasonCode.DETRACTOR, "Recent detractors get no promotional email")
 *     .on(Channel.EMAIL));
 * </pre>
 */
public final class Suppress {

	private final ReasonCode code;

	private final String reason;

	private final Channel channel;

	private Suppress(ReasonCode code, String reason, Channel channel) {
		this.code = code;
		this.reason = reason;
		this.channel = channel;
	}

	/**
	 * Suppresses marketing on every channel.
	 * @param code the stable reason code reported to callers
	 * @param reason a sentence a marketer understands
	 * @return the suppression
	 */
	public static Suppress marketing(ReasonCode code, String reason) {
		return new Suppress(code, reason, null);
	}

	/**
	 * Restricts the suppression to one channel.
	 * @param channel the channel
	 * @return the restricted suppression
	 */
	public Suppress on(Channel channel) {
		return new Suppress(this.code, this.reason, channel);
	}

	/**
	 * @return the reason code
	 */
	public ReasonCode getCode() {
		return this.code;
	}

	/**
	 * @return the explanation
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * @return the channel, or null for every channel
	 */
	public Channel getChannel() {
		return this.channel;
	}

	/**
	 * Whether the suppression covers a channel.
	 * @param channel the channel
	 * @return true when it applies there
	 */
	public boolean covers(Channel channel) {
		return this.channel == null || this.channel == channel;
	}

	@Override
	public String toString() {
		return "Suppress[" + this.code + ((this.channel != null) ? " on " + this.channel : "") + "]";
	}

}
