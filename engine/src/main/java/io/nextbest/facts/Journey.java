package io.nextbest.facts;

import java.time.Instant;
import java.util.Map;

/**
 * Where the customer is in one journey; one fact per journey the customer is in. With the
 * journey's expectations ({@code journeys.yaml}) it tells, without arithmetic in the
 * rule, whether the customer is taking longer than planned ({@code overdue}) or went back
 * a stage ({@code regressed}).
 * <p>
 * It carries the customer's CRM segment and profile attributes too, so that a rule keyed
 * on segment and stage (a decision table row) tests one fact: {@code ==} on its own
 * properties ({@code segment}, {@code name}, {@code stage}), which the rule engine looks
 * up in a hash table whatever the number of rows, then the row's attribute tests
 * ({@code attribute("region") == "north"}) on the few rows of that key. With the segment
 * or an attribute tested on {@link Customer} instead, each row is a join of two facts,
 * and every row of the customer's segment is visited: the cost grows with the table. For
 * the same reason it tells whether the customer has an open service case about this
 * journey's product ({@code openCase}) and whether their latest NPS answer was a
 * detractor's ({@code detractor}): a row that suppresses on either stays one pattern,
 * where {@code ServiceCase(open, product == $j.name)} or {@code Survey(detractor)} beside
 * it would make it a join that every such fact of every customer reaches.
 */
public final class Journey {

	private final String name;

	private final String segment;

	private final Map<String, String> attributes;

	private final Stage stage;

	private final Instant since;

	private final long daysInStage;

	private final int expectedDays;

	private final int lateAfterDays;

	private final Stage previousStage;

	private final boolean openCase;

	private final boolean detractor;

	/**
	 * A journey position without expectations or history.
	 * @param name the journey, usually a product (for example {@code "broadband"})
	 * @param stage the current stage
	 * @param since when the customer reached the stage
	 * @param daysInStage whole days since then
	 */
	public Journey(String name, Stage stage, Instant since, long daysInStage) {
		this(name, Map.of(), stage, since, daysInStage, 0, 0, null);
	}

	/**
	 * A journey position.
	 * @param name the journey, usually a product (for example {@code "broadband"})
	 * @param attributes the customer's CRM profile attributes, {@code segment} among them
	 * @param stage the current stage
	 * @param since when the customer reached the stage
	 * @param daysInStage whole days since then
	 * @param expectedDays the days the stage should take ({@code journeys.yaml}), 0 when
	 * not planned
	 * @param lateAfterDays the days in the stage after which the customer is late, 0 when
	 * not planned
	 * @param previousStage the stage the customer came from, when the stage history
	 * remembers it; null otherwise
	 */
	public Journey(String name, Map<String, String> attributes, Stage stage, Instant since, long daysInStage,
			int expectedDays, int lateAfterDays, Stage previousStage) {
		this(name, attributes, stage, since, daysInStage, expectedDays, lateAfterDays, previousStage, false, false);
	}

	/**
	 * A journey position with what the customer's service cases and NPS answer say.
	 * @param name the journey, usually a product (for example {@code "broadband"})
	 * @param attributes the customer's CRM profile attributes, {@code segment} among them
	 * @param stage the current stage
	 * @param since when the customer reached the stage
	 * @param daysInStage whole days since then
	 * @param expectedDays the days the stage should take ({@code journeys.yaml}), 0 when
	 * not planned
	 * @param lateAfterDays the days in the stage after which the customer is late, 0 when
	 * not planned
	 * @param previousStage the stage the customer came from, when the stage history
	 * remembers it; null otherwise
	 * @param openCase whether the customer has an open service case about the journey's
	 * product (the case's product is the journey's name)
	 * @param detractor whether the customer's latest NPS answer scored 0 to 6
	 */
	public Journey(String name, Map<String, String> attributes, Stage stage, Instant since, long daysInStage,
			int expectedDays, int lateAfterDays, Stage previousStage, boolean openCase, boolean detractor) {
		this.name = name;
		this.attributes = attributes;
		this.segment = attributes.getOrDefault("segment", "");
		this.stage = stage;
		this.since = since;
		this.daysInStage = daysInStage;
		this.expectedDays = expectedDays;
		this.lateAfterDays = lateAfterDays;
		this.previousStage = previousStage;
		this.openCase = openCase;
		this.detractor = detractor;
	}

	/**
	 * @return the journey name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * @return the customer's profile attribute {@code segment} (as
	 * {@link Customer#getSegment()}), or an empty string
	 */
	public String getSegment() {
		return this.segment;
	}

	/**
	 * A profile attribute of the customer (as {@link Customer#attribute(String)}).
	 * @param name the attribute name, for example {@code "region"}
	 * @return its value, or an empty string when absent
	 */
	public String attribute(String name) {
		return this.attributes.getOrDefault(name, "");
	}

	/**
	 * @return the current stage
	 */
	public Stage getStage() {
		return this.stage;
	}

	/**
	 * @return when the customer reached the stage
	 */
	public Instant getSince() {
		return this.since;
	}

	/**
	 * @return whole days in the current stage
	 */
	public long getDaysInStage() {
		return this.daysInStage;
	}

	/**
	 * @return whether {@code journeys.yaml} plans this stage of this journey
	 */
	public boolean isPlanned() {
		return this.expectedDays > 0;
	}

	/**
	 * @return the days the stage should take, 0 when not planned
	 */
	public int getExpectedDays() {
		return this.expectedDays;
	}

	/**
	 * @return the days in the stage after which the customer is late, 0 when not planned
	 */
	public int getLateAfterDays() {
		return this.lateAfterDays;
	}

	/**
	 * @return whether the customer has been in the stage longer than expected (not yet
	 * late, perhaps); false when not planned
	 */
	public boolean isBehind() {
		return isPlanned() && this.daysInStage > this.expectedDays;
	}

	/**
	 * @return whether the customer has been in the stage more than its late-after days;
	 * false when not planned
	 */
	public boolean isOverdue() {
		return isPlanned() && this.daysInStage > this.lateAfterDays;
	}

	/**
	 * @return whole days past the late-after days, 0 when not overdue
	 */
	public long getDaysOverdue() {
		return isOverdue() ? this.daysInStage - this.lateAfterDays : 0;
	}

	/**
	 * @return the stage the customer came from, or null when unknown (entered the journey
	 * here, or the history no longer remembers)
	 */
	public Stage getPreviousStage() {
		return this.previousStage;
	}

	/**
	 * @return whether the customer came back to this stage from a later one
	 */
	public boolean isRegressed() {
		return this.previousStage != null && this.previousStage.ordinal() > this.stage.ordinal();
	}

	/**
	 * @return whether the customer has an open service case about this journey's product
	 */
	public boolean isOpenCase() {
		return this.openCase;
	}

	/**
	 * @return whether the customer's latest NPS answer scored 0 to 6, however long ago
	 * (test {@code Survey(detractor, daysAgo <= 90)} for a recent one)
	 */
	public boolean isDetractor() {
		return this.detractor;
	}

	@Override
	public String toString() {
		return "Journey[" + this.name + " " + this.stage + ", " + this.daysInStage + " days"
				+ (isPlanned() ? " of " + this.expectedDays + " expected" : "") + (isOverdue() ? ", overdue" : "")
				+ (isRegressed() ? ", back from " + this.previousStage : "") + (this.openCase ? ", open case" : "")
				+ (this.detractor ? ", detractor" : "") + "]";
	}

}
