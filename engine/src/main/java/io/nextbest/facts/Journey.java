package io.nextbest.facts;

import java.time.Instant;

/** Where the customer is in one journey; one fact per journey the customer is in. */
public final class Journey {

	private final String name;

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
		this.name = name;
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
