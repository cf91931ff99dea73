package io.nextbest.server.console;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The marketers' console on the HTTP port: static pages ({@code /console/}, from
 * {@code console/} on the classpath) that call the Connect procedures from the browser
 * with the marketer's own token. The pages hold no data: every figure comes from a
 * procedure, which checks the caller's role exactly as on the gRPC port, so a caller
 * without a marketer role gets the empty pages and nothing else. The pages load nothing
 * from elsewhere: the security configuration gives them a content security policy that
 * says so to the browser.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
@ConditionalOnProperty(name = "nextbest.console.enabled", havingValue = "true", matchIfMissing = true)
class ConsoleConfiguration {

	static final String PATH = "/console/";

	private static final Resource FOLDER = new ClassPathResource("console/");

	/**
	 * The console's files, on the HTTP port only: the management port's context sees this
	 * one's routes too, and answers none of them.
	 */
	@Bean
	RouterFunction<ServerResponse> consoleRoutes(ConsoleProperties properties, ApplicationContext httpPort) {
		RequestPredicate here = (request) -> request.exchange().getApplicationContext() == httpPort;
		Resource index = new ClassPathResource("console/index.html");
		return RouterFunctions
			.route(RequestPredicates.GET("/console").and(here),
					(request) -> ServerResponse.permanentRedirect(request.uriBuilder().path("/").build()).build())
			.andRoute(RequestPredicates.GET(PATH).and(here), (request) -> page(index))
			.andRoute(RequestPredicates.GET(PATH + "settings.json").and(here),
					(request) -> ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.cacheControl(CacheControl.noCache())
						.bodyValue(Map.of("sourceLink", properties.sourceLink())))
			.and(RouterFunctions.resources((request) -> here.test(request)
					? RouterFunctions.resourceLookupFunction(PATH + "**", FOLDER).apply(request) : Mono.empty()));
	}

	private static Mono<ServerResponse> page(Resource index) {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noCache())
			.bodyValue(index);
	}

}
