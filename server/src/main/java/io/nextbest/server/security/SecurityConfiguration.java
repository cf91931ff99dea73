package io.nextbest.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.grpc.server.security.SslContextPreAuthenticationExtractor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerAdapter;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import reactor.core.publisher.Mono;

/**
 * Authentication and authorisation of gRPC calls, through Spring gRPC's
 * {@link GrpcSecurity}: one global interceptor that finds the caller (an API key or a JWT
 * as a bearer token, or a client certificate), then lets the call through only when the
 * caller holds a role the {@link AccessPolicy} names for its rpc. Without credentials
 * configured there is no interceptor, and the exposure guard keeps every listener on
 * loopback.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	@Bean
	AuditLog auditLog() {
		return new AuditLog();
	}

	/**
	 * The Connect procedures on the HTTP port ({@code POST /nba.v1.<Service>/<Method>}),
	 * whether callers are configured or not: let through at the HTTP level, since the
	 * bridge hands each call with its {@code Authorization} header to the in-process gRPC
	 * server, whose interceptor decides exactly as on the gRPC port (deny by default, per
	 * rpc). No HTTP authentication here, which would answer a bad token in a form Connect
	 * clients do not read. CORS (the site origins of {@code NBA_HTTP_CORS_ORIGINS}) is
	 * answered here, preflights included.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain connectHttp(ServerHttpSecurity http, ObjectProvider<CorsConfigurationSource> cors) {
		ServerWebExchangeMatcher procedures = ServerWebExchangeMatchers.pathMatchers("/nba.v1.*/*");
		CorsConfigurationSource origins = cors.getIfAvailable(UrlBasedCorsConfigurationSource::new);
		return plain(http).securityMatcher(procedures)
			.cors((spec) -> spec.configurationSource(origins))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.build();
	}

	/**
	 * The marketers' console's files ({@code /console/}) are open: they hold no data, and
	 * a browser cannot send a token with a page's address; every procedure they call
	 * needs the marketer's token. They may load and call nothing but this server: no
	 * inline script, no frames, no other origin.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	SecurityWebFilterChain consoleHttp(ServerHttpSecurity http) {
		return plain(http).securityMatcher(ServerWebExchangeMatchers.pathMatchers("/console", "/console/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONSOLE_POLICY))
				.referrerPolicy((referrer) -> referrer
					.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER)))
			.build();
	}

	/** What the console's pages may load and call. */
	static final String CONSOLE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

	/**
	 * Without callers configured, HTTP like gRPC trusts whoever reaches its loopback
	 * port.
	 */
	@Bean
	@Conditional(NoCredentials.class)
	SecurityWebFilterChain openHttp(ServerHttpSecurity http) {
		return plain(http).authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll()).build();
	}

	/** No sessions, forms or CSRF tokens: every request carries its credential. */
	static ServerHttpSecurity plain(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(CredentialsConfigured.class)
	static class Authenticated {

		@Bean(destroyMethod = "close")
		@ConditionalOnExpression("!'${nextbest.security.callers-file:}'.isBlank()")
		CallersFileWatcher callersFile(SecurityProperties properties) {
			return new CallersFileWatcher(Path.of(properties.callersFile()), properties.callersCheckInterval());
		}

		@Bean
		@GlobalServerInterceptor
		AuditedRefusals auditedRefusals(AuditLog audit) {
			return new AuditedRefusals(audit);
		}

		/**
		 * Finds the caller of a gRPC call or an HTTP request alike: by API key, client
		 * certificate or JWT.
		 */
		@Bean
		AuthenticationManager callerAuthentication(SecurityProperties properties,
				ObjectProvider<CallersFileWatcher> callersFile) {
			CallersFileWatcher watcher = callersFile.getIfAvailable();
			Supplier<Callers> callers = (watcher != null) ? watcher::callers : () -> Callers.NONE;
			List<AuthenticationProvider> providers = new ArrayList<>();
			providers.add(new ApiKeyAuthenticationProvider(callers, properties.jwt().configured()));
			providers.add(new CertificateAuthenticationProvider(callers));
			if (properties.jwt().configured()) {
				JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(jwtDecoder(properties.jwt()));
				jwt.setJwtAuthenticationConverter(new JwtCallers(properties.jwt()));
				providers.add(jwt);
			}
			return new ProviderManager(providers);
		}

		/**
		 * The management port with callers configured: health stays open for load
		 * balancers and orchestrators, the rest needs the monitor role; the HTTP port
		 * answers no one beyond the Connect procedures and the console's files (above).
		 */
		@Bean
		SecurityWebFilterChain httpSecurity(ServerHttpSecurity http, AuthenticationManager callerAuthentication) {
			ReactiveAuthenticationManager callers = new ReactiveAuthenticationManagerAdapter(callerAuthentication);
			return plain(http)
				.authorizeExchange((exchanges) -> exchanges.matchers(EndpointRequest.to(HealthEndpoint.class))
					.permitAll()
					.matchers(EndpointRequest.toAnyEndpoint())
					.hasAuthority(Role.MONITOR.id())
					.anyExchange()
					.denyAll())
				.oauth2ResourceServer(
						(resource) -> resource.authenticationManagerResolver((exchange) -> Mono.just(callers)))
				.build();
		}

		@Bean
		@GlobalServerInterceptor
		AuthenticationProcessInterceptor authenticationInterceptor(GrpcSecurity grpc, SecurityProperties properties,
				AuthenticationManager callerAuthentication, ObjectProvider<CallersFileWatcher> callersFile)
				throws Exception {
			CallersFileWatcher watcher = callersFile.getIfAvailable();
			grpc.authenticationManager(callerAuthentication);
			grpc.authenticationExtractor(new BearerTokens());
			grpc.authenticationExtractor(new SslContextPreAuthenticationExtractor(
					(certificate) -> certificate.getSubjectX500Principal().getName()));
			grpc.authorizeRequests((requests) -> {
				requests.methods(AccessPolicy.OPEN).permitAll();
				AccessPolicy.rpcs()
					.forEach((rpc, roles) -> requests.methods(rpc)
						.hasAnyAuthority(roles.stream().map(Role::id).toArray(String[]::new)));
				requests.methods(AccessPolicy.ECHO).authenticated();
				requests.allRequests().denyAll();
			});
			log.info("Callers must authenticate: {}{}",
					(watcher != null) ? "API keys and certificates from " + properties.callersFile() : "",
					properties.jwt().configured() ? ((watcher != null) ? ", " : "") + "JWTs" : "");
			return grpc.build();
		}

		private static JwtDecoder jwtDecoder(SecurityProperties.Jwt settings) {
			NimbusJwtDecoder decoder;
			if (!settings.publicKey().isBlank()) {
				decoder = NimbusJwtDecoder.withPublicKey(publicKey(settings.publicKey())).build();
			}
			else if (!settings.jwkSetUri().isBlank()) {
				decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
			}
			else {
				decoder = NimbusJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
			}
			List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
			validators.add(settings.issuerUri().isBlank() ? JwtValidators.createDefault()
					: JwtValidators.createDefaultWithIssuer(settings.issuerUri()));
			if (!settings.audience().isBlank()) {
				validators.add(new JwtClaimValidator<List<String>>("aud",
						(audiences) -> audiences != null && audiences.contains(settings.audience())));
			}
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
			return decoder;
		}

		private static RSAPublicKey publicKey(String file) {
			try {
				return RsaKeyConverters.x509().convert(Files.newInputStream(Path.of(file)));
			}
			catch (IOException | IllegalArgumentException ex) {
				throw new IllegalStateException("Cannot read the JWT public key " + Path.of(file).toAbsolutePath()
						+ " (NBA_JWT_PUBLIC_KEY): " + ex.getMessage()
						+ ". It takes a PEM file with an RSA public key (-----BEGIN PUBLIC KEY-----).", ex);
			}
		}

	}

	/** Neither a callers file nor a JWT key source is configured. */
	static class NoCredentials implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !SecurityProperties.credentialsConfigured(context.getEnvironment());
		}

	}

	/** A callers file or a JWT issuer is configured. */
	static class CredentialsConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return SecurityProperties.credentialsConfigured(context.getEnvironment());
		}

	}

}
