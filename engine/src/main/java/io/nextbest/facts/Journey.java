package io.nextbest.facts;

import java.time.Instant;
import java.util.Map;

/**
 * Where the customer is in one journey; one fact per journey the customer is in.
 * <p>
 * It carries the customer's CRM segment and profile attributes too, so that a rule keyed
 * on segment and stage (a decision table row) tests one fact: {@code ==} on its own
 * properties ({@code segment}, {@code name}, {@code stage}), which the rule engine looks
 * up in a hash table whatever the number of rows, then the row's attribute tests
 * ({@code attribute("region") == "north"}) on the few rows of that key. With the segment
 * or an attribute tested on {@link Customer} instead, each row is a join of two facts,
 * and every row of the customer's segment is visited: the cost grows with the table.
 */
public final class Journey {

	private final String name;

	private final String segment;

	private final Map<String, String> attributes;

	private final Stage stage;

	private final Instant since;

	private final long daysInStage;

	/**
	 * A journey position.
	 * @param name the journey, usually a product (for example {@code "broadband"})
	 * @param stage the current stage
	 * @param since when the customer reached the stage
	 * @param daysInStage whole days since then
	 */
	public Journey(String name, Stage stage, Instant since, long daysInStage) {
		this(name, Map.of(), stage, since, daysInStage);
	}

	/**
	 * A journey position of a customer with a profile.
	 * @param name the journey, usually a product (for example {@code "broadband"})
	 * @param attributes the customer's CRM profile attributes, {@code segment} among them
	 * @param stage the current stage
	 * @param since when the customer reached the stage
	 * @param daysInStage whole days since then
	 */
	public Journey(String name, Map<String, String> attributes, Stage stage, Instant since, long daysInStage) {
		this.name = name;
		this.attributes = attributes;
		this.segment = attributes.getOrDefault("segment", "");
		this.stage = stage;
		this.since = since;
		this.daysInStage = daysInStage;
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

	@Override
	public String toString() {
		return "Journey[" + this.name + " " + this.stage + ", " + this.daysInStage + " days]";
	}

}
