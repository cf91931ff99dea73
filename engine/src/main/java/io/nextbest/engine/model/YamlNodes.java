package io.nextbest.engine.model;

import java.util.Arrays;
import java.util.Locale;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reading the marketer-edited YAML files (catalogue, contact policy, scenarios) as node
 * trees, so that every problem can be reported at its line.
 */
public final class YamlNodes {

	private YamlNodes() {
	}

	/**
	 * The value of a key of a mapping.
	 * @param node the mapping
	 * @param key the key
	 * @return the value node, or null when the key is absent
	 */
	public static Node value(MappingNode node, String key) {
		for (NodeTuple tuple : node.getValue()) {
			if (key.equals(scalar(tuple.getKeyNode()))) {
				return tuple.getValueNode();
			}
		}
		return null;
	}

	/**
	 * The text of a scalar.
	 * @param node any node
	 * @return its text, or null when it is not a scalar
	 */
	public static String scalar(Node node) {
		return (node instanceof ScalarNode scalar) ? scalar.getValue() : null;
	}

	/**
	 * An enum value as marketers write it: {@code contact-centre}, {@code contact_centre}
	 * or {@code CONTACT_CENTRE}.
	 * @param <E> the enum
	 * @param type the enum class
	 * @param text the text, may be null
	 * @return the value, or null when the text names none
	 */
	public static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
		if (text == null) {
			return null;
		}
		String name = text.strip().replace('-', '_').toUpperCase(Locale.ROOT);
		return Arrays.stream(type.getEnumConstants()).filter((e) -> e.name().equals(name)).findFirst().orElse(null);
	}

	/**
	 * An enum value as marketers write it.
	 * @param value the value
	 * @return for example {@code contact-centre}
	 */
	public static String display(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
