package io.nextbest.facts;

/** A channel on which the server may say something to a customer. */
public enum Channel {

	/** A web page, decided at render time. */
	WEB,
	/** A screen of a mobile app, decided at render time. */
	APP,
	/** Outbound email. */
	EMAIL,
	/** Outbound text message. */
	SMS,
	/** Outbound push notification. */
	PUSH,
	/** An agent in the contact centre. */
	CONTACT_CENTRE;

	/** Made once: messages name a channel on every refusal, on the decision path. */
	private final String words = name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');

	/**
	 * @return the channel in words, as messages name it: {@code web}, {@code contact
	 * centre}
	 */
	public String words() {
		return this.words;
	}

	/**
	 * Whether the server initiates the contact (email, sms, push) rather than answering a
	 * visit.
	 * @return true for outbound channels
	 */
	public boolean isOutbound() {
		return this == EMAIL || this == SMS || this == PUSH;
	}

}
