package io.nextbest.server.system;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.ProtocolType;
import com.hazelcast.spi.properties.ClusterProperty;

/**
 * Keeps the Hazelcast member's port to what the members need of it. Hazelcast Community
 * has no member authentication or TLS, so two things would otherwise be open to anyone
 * who reaches the port: by default the member binds every interface whatever
 * {@code interfaces} says (the interfaces only choose the address it announces), and the
 * same port speaks the client protocol, through which a stock client that knows the
 * cluster name reads and removes customer contexts. Here the member binds only the
 * configured interface, and the port speaks the member protocol alone.
 */
final class MemberNetwork {

	private MemberNetwork() {
	}

	/**
	 * Binds the member to its configured interface and serves no client protocol.
	 * @param config the member configuration, its network already set
	 */
	static void lockDown(Config config) {
		config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
		config.setProperty(ClusterProperty.SOCKET_SERVER_BIND_ANY.getName(), "false");
		AdvancedNetworkConfig advanced = config.getAdvancedNetworkConfig();
		if (advanced.isEnabled()) {
			// An operator's own endpoints: keep them, but never a client endpoint.
			advanced.getEndpointConfigs()
				.keySet()
				.removeIf((qualifier) -> qualifier.getType() != ProtocolType.MEMBER
						&& qualifier.getType() != ProtocolType.WAN);
			return;
		}
		// Endpoints of the advanced network are what can leave the client protocol
		// out: one member endpoint, with the plain network's settings.
		NetworkConfig network = config.getNetworkConfig();
		ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
		member.setPort(network.getPort())
			.setPortCount(network.getPortCount())
			.setPortAutoIncrement(network.isPortAutoIncrement())
			.setReuseAddress(network.isReuseAddress())
			.setInterfaces(network.getInterfaces())
			.setPublicAddress(network.getPublicAddress())
			.setOutboundPortDefinitions(network.getOutboundPortDefinitions());
		advanced.setEnabled(true)
			.setJoin(network.getJoin())
			.setMemberAddressProviderConfig(network.getMemberAddressProviderConfig())
			.setIcmpFailureDetectorConfig(network.getIcmpFailureDetectorConfig())
			.setMemberEndpointConfig(member);
	}

}
