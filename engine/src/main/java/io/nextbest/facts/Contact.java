package io.nextbest.facts;

/** One entry of the customer's contact history: one fact per entry. */
public final class Contact {

	private final String actionId;

	private final Channel channel;

	private final Outcome outcome;

	private final long daysAgo;

	private final Purpose purpose;

	/**
	 * A contact.
	 * @param actionId the action
	 * @param channel the channel
	 * @param outcome what happened
	 * @param daysAgo whole days since
	 * @param purpose the action's purpose in the catalogue; marketing for an action the
	 * catalogue does not (or no longer) lists
	 */
	public Contact(String actionId, Channel channel, Outcome outcome, long daysAgo, Purpose purpose) {
		this.actionId = actionId;
		this.channel = channel;
		this.outcome = outcome;
		this.daysAgo = daysAgo;
		this.purpose = purpose;
	}

	/**
	 * @return the action id
	 */
	public String getActionId() {
		return this.actionId;
	}

	/**
	 * @return the channel
	 */
	public Channel getChannel() {
		return this.channel;
	}

	/**
	 * @return what happened
	 */
	public Outcome getOutcome() {
		return this.outcome;
	}

	/**
	 * @return whole days since
	 */
	public long getDaysAgo() {
		return this.daysAgo;
	}

	/**
	 * @return the action's purpose in the catalogue (marketing when the catalogue does
	 * not list the action)
	 */
	public Purpose getPurpose() {
		return this.purpose;
	}

	@Override
	public String toString() {
		return "Contact[" + this.actionId + " " + this.channel + " " + this.outcome + "]";
	}

}
