package io.nextbest.facts;

/**
 * A rule's conclusion: propose an action of the catalogue. Insert it from a rule:
 *
 * <pre>
 * insert(Propose.action("renewal-offer").on(Channel.EMAIL).priority(70)
 *     .journey($journey.getName())
 *     .because("Loyal customers are offered their renewal"));
 * </pre>
 *
 * Without {@code on(...)}, the action is proposed on every requested channel its
 * catalogue entry allows. The best score (priority x value x propensity x lever, see
 * {@code contact-policy.yaml}) wins a channel. Each call returns a new proposal; a
 * proposal is never changed.
 */
public final class Propose {

	/** The priority of a proposal that does not set one. */
	public static final int DEFAULT_PRIORITY = 50;

	private final String actionId;

	private final Channel channel;

	private final int priority;

	private final String journey;

	private final String reason;

	private final double propensity;

	private Propose(String actionId, Channel channel, int priority, String journey, String reason, double propensity) {
		this.actionId = actionId;
		this.channel = channel;
		this.priority = priority;
		this.journey = journey;
		this.reason = reason;
		this.propensity = propensity;
	}

	/**
	 * Proposes an action.
	 * @param actionId the id of an action in the catalogue ({@code actions.yaml})
	 * @return a proposal on every allowed channel, default priority, no reason yet
	 */
	public static Propose action(String actionId) {
		return new Propose(actionId, null, DEFAULT_PRIORITY, "", "", -1);
	}

	/**
	 * Restricts the proposal to one channel.
	 * @param channel the channel
	 * @return the restricted proposal
	 */
	public Propose on(Channel channel) {
		return new Propose(this.actionId, channel, this.priority, this.journey, this.reason, this.propensity);
	}

	/**
	 * Sets the priority; the highest wins a channel.
	 * @param priority the priority, for example 0 to 100
	 * @return the proposal with that priority
	 */
	public Propose priority(int priority) {
		return new Propose(this.actionId, this.channel, priority, this.journey, this.reason, this.propensity);
	}

	/**
	 * Names the journey the action serves.
	 * @param journey the journey name
	 * @return the proposal for that journey
	 */
	public Propose journey(String journey) {
		return new Propose(this.actionId, this.channel, this.priority, journey, this.reason, this.propensity);
	}

	/**
	 * Explains the proposal in a sentence a marketer understands; it is returned with the
	 * decision.
	 * @param reason the sentence
	 * @return the explained proposal
	 */
	public Propose because(String reason) {
		return new Propose(this.actionId, this.channel, this.priority, this.journey, reason, this.propensity);
	}

	/**
	 * Sets how likely the customer is to respond, when a rule knows better than the
	 * contact history (a model score sent in the request, a CRM attribute). Without it,
	 * the server estimates it from the contact history (see {@code contact-policy.yaml}).
	 * @param propensity from 0 to 1
	 * @return the proposal with that propensity
	 */
	public Propose propensity(double propensity) {
		if (!(propensity >= 0 && propensity <= 1)) {
			throw new IllegalArgumentException("propensity must be from 0 to 1, got " + propensity);
		}
		return new Propose(this.actionId, this.channel, this.priority, this.journey, this.reason, propensity);
	}

	/**
	 * @return the action id
	 */
	public String getActionId() {
		return this.actionId;
	}

	/**
	 * @return the channel, or null for every allowed channel
	 */
	public Channel getChannel() {
		return this.channel;
	}

	/**
	 * @return the priority
	 */
	public int getPriority() {
		return this.priority;
	}

	/**
	 * @return the journey served, or an empty string
	 */
	public String getJourney() {
		return this.journey;
	}

	/**
	 * @return the explanation
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * @return the propensity the rule set, or -1 when the server estimates it
	 */
	public double getPropensity() {
		return this.propensity;
	}

	@Override
	public String toString() {
		return "Propose[" + this.actionId + ((this.channel != null) ? " on " + this.channel : "") + ", priority "
				+ this.priority + "]";
	}

}
