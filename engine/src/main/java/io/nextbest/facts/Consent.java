package io.nextbest.facts;

/**
 * Consent the customer gave, denied or revoked for one channel and purpose; one fact per
 * recorded pair. Nothing recorded means no consent. Rules may be stricter than consent,
 * never looser: the server itself drops marketing on a channel without granted marketing
 * consent, whatever the rules propose.
 */
public final class Consent {

	private final Channel channel;

	private final Purpose purpose;

	private final ConsentStatus status;

	/**
	 * A consent.
	 * @param channel the channel
	 * @param purpose the purpose
	 * @param status the status
	 */
	public Consent(Channel channel, Purpose purpose, ConsentStatus status) {
		this.channel = channel;
		this.purpose = purpose;
		this.status = status;
	}

	/**
	 * @return the channel
	 */
	public Channel getChannel() {
		return this.channel;
	}

	/**
	 * @return the purpose
	 */
	public Purpose getPurpose() {
		return this.purpose;
	}

	/**
	 * @return the status
	 */
	public ConsentStatus getStatus() {
		return this.status;
	}

	/**
	 * @return whether the status is granted
	 */
	public boolean isGranted() {
		return this.status == ConsentStatus.GRANTED;
	}

	@Override
	public String toString() {
		return "Consent[" + this.channel + " " + this.purpose + " " + this.status + "]";
	}

}
