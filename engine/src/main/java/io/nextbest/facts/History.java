package io.nextbest.facts;

/**
 * The customer's contact history as one fact: always present, once per decision, and
 * cheap whatever the history's length, because rules ask it questions instead of matching
 * one {@link Contact} fact per entry:
 *
 * <pre>
 * History(count("case-follow-up", Outcome.SENT, 7) == 0)
 * History($rejected : count(Outcome.REJECT, Purpose.MARKETING, 30), $rejected &gt;= 2)
 * </pre>
 *
 * "Within n days" means less than n whole days before the decision. {@link Contact}
 * facts, one per entry, are inserted only for rule sets that match on them, and cost time
 * per entry on every decision.
 */
public final class History {

	private final String[] actionIds;

	private final Outcome[] outcomes;

	private final Purpose[] purposes;

	private final long[] daysAgo;

	/**
	 * A history, entry by entry, in the same order in every array.
	 * @param actionIds the actions
	 * @param outcomes what happened
	 * @param purposes the actions' purposes in the catalogue
	 * @param daysAgo whole days before the decision
	 */
	public History(String[] actionIds, Outcome[] outcomes, Purpose[] purposes, long[] daysAgo) {
		this.actionIds = actionIds;
		this.outcomes = outcomes;
		this.purposes = purposes;
		this.daysAgo = daysAgo;
	}

	/**
	 * @return the number of entries
	 */
	public int getSize() {
		return this.actionIds.length;
	}

	/**
	 * How often something happened with an action recently, on any channel.
	 * @param actionId the action
	 * @param outcome what happened
	 * @param days within so many days
	 * @return the number of entries
	 */
	public int count(String actionId, Outcome outcome, long days) {
		int count = 0;
		for (int i = 0; i < this.actionIds.length; i++) {
			if (this.outcomes[i] == outcome && this.daysAgo[i] < days && this.actionIds[i].equals(actionId)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * How often anything was recorded for an action recently, on any channel.
	 * @param actionId the action
	 * @param days within so many days
	 * @return the number of entries
	 */
	public int count(String actionId, long days) {
		int count = 0;
		for (int i = 0; i < this.actionIds.length; i++) {
			if (this.daysAgo[i] < days && this.actionIds[i].equals(actionId)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * How often something happened with actions of a purpose recently, on any channel.
	 * @param outcome what happened
	 * @param purpose the actions' purpose
	 * @param days within so many days
	 * @return the number of entries
	 */
	public int count(Outcome outcome, Purpose purpose, long days) {
		int count = 0;
		for (int i = 0; i < this.actionIds.length; i++) {
			if (this.outcomes[i] == outcome && this.purposes[i] == purpose && this.daysAgo[i] < days) {
				count++;
			}
		}
		return count;
	}

	@Override
	public String toString() {
		return "History[" + this.actionIds.length + " entries]";
	}

}
