package io.nextbest.facts;

import java.util.List;
import java.util.Map;

/** The request being decided: always present, once per decision. */
public final class Request {

	private final List<Channel> channels;

	private final String page;

	private final String placement;

	private final String device;

	private final String locale;

	private final Map<String, String> attributes;

	/**
	 * A request.
	 * @param channels the requested channels
	 * @param page the page or screen, or an empty string
	 * @param placement the placement, or an empty string
	 * @param device the device, or an empty string
	 * @param locale the locale, or an empty string
	 * @param attributes anything else the caller sent
	 */
	public Request(List<Channel> channels, String page, String placement, String device, String locale,
			Map<String, String> attributes) {
		this.channels = List.copyOf(channels);
		this.page = page;
		this.placement = placement;
		this.device = device;
		this.locale = locale;
		this.attributes = Map.copyOf(attributes);
	}

	/**
	 * @return the requested channels, in order
	 */
	public List<Channel> getChannels() {
		return this.channels;
	}

	/**
	 * Whether a channel was requested.
	 * @param channel the channel
	 * @return true when it is decided in this request
	 */
	public boolean wants(Channel channel) {
		return this.channels.contains(channel);
	}

	/**
	 * @return the page or screen, or an empty string
	 */
	public String getPage() {
		return this.page;
	}

	/**
	 * @return the placement, or an empty string
	 */
	public String getPlacement() {
		return this.placement;
	}

	/**
	 * @return the device, or an empty string
	 */
	public String getDevice() {
		return this.device;
	}

	/**
	 * @return the locale, or an empty string
	 */
	public String getLocale() {
		return this.locale;
	}

	/**
	 * A request attribute.
	 * @param name the name
	 * @return its value, or an empty string when absent
	 */
	public String attribute(String name) {
		return this.attributes.getOrDefault(name, "");
	}

	@Override
	public String toString() {
		return "Request" + this.channels;
	}

}
