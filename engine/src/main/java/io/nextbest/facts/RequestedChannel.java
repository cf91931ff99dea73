package io.nextbest.facts;

/** One fact per channel the request asks a decision for. */
public final class RequestedChannel {

	private final Channel channel;

	/**
	 * A requested channel.
	 * @param channel the channel
	 */
	public RequestedChannel(Channel channel) {
		this.channel = channel;
	}

	/**
	 * @return the channel
	 */
	public Channel getChannel() {
		return this.channel;
	}

	@Override
	public String toString() {
		return "RequestedChannel[" + this.channel + "]";
	}

}
