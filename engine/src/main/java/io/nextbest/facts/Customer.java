package io.nextbest.facts;

import java.util.Map;

/**
 * The customer a decision is for: always present, once per decision. A customer the
 * server knows nothing about is present too, with {@code known == false}.
 */
public final class Customer {

	private final String id;

	private final boolean known;

	private final Map<String, String> attributes;

	/**
	 * A customer.
	 * @param id the customer id
	 * @param known whether anything was ever recorded for them
	 * @param attributes CRM profile attributes
	 */
	public Customer(String id, boolean known, Map<String, String> attributes) {
		this.id = id;
		this.known = known;
		this.attributes = Map.copyOf(attributes);
	}

	/**
	 * @return the customer id
	 */
	public String getId() {
		return this.id;
	}

	/**
	 * @return whether anything was ever recorded for the customer
	 */
	public boolean isKnown() {
		return this.known;
	}

	/**
	 * @return the profile attribute {@code segment}, or an empty string
	 */
	public String getSegment() {
		return this.attributes.getOrDefault("segment", "");
	}

	/**
	 * A profile attribute from CRM.
	 * @param name the attribute name, for example {@code "time_zone"}
	 * @return its value, or an empty string when absent
	 */
	public String attribute(String name) {
		return this.attributes.getOrDefault(name, "");
	}

	/**
	 * @return all profile attributes
	 */
	public Map<String, String> getAttributes() {
		return this.attributes;
	}

	@Override
	public String toString() {
		return "Customer[" + this.id + (this.known ? "" : ", unknown") + "]";
	}

}
