package dev.closer.identity.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.closer.identity.AccountStatus;
import dev.closer.identity.TeamSummary;
import dev.closer.identity.UserSummary;
import dev.closer.shared.idempotency.Idempotency;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.Role;
import dev.closer.shared.web.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** REST API of the identity module: tokens, me, users, org, HR sync. */
@RestController
@RequestMapping("/api")
@Tag(name = "Identity", description = "Sign-in tokens, users, org tree, HR status sync")
class IdentityApiController {

	private final AuthenticationManager authentication;

	private final ApiTokens tokens;

	private final UserQueries users;

	private final UserAccounts accounts;

	private final OrgStructure org;

	private final HrSync hrSync;

	private final Idempotency idempotency;

	private final dev.closer.shared.security.DataScopes scopes;

	IdentityApiController(AuthenticationManager authentication, ApiTokens tokens, UserQueries users,
			UserAccounts accounts, OrgStructure org, HrSync hrSync, Idempotency idempotency,
			dev.closer.shared.security.DataScopes scopes) {
		this.authentication = authentication;
		this.tokens = tokens;
		this.users = users;
		this.accounts = accounts;
		this.org = org;
		this.hrSync = hrSync;
		this.idempotency = idempotency;
		this.scopes = scopes;
	}

	record TokenRequest(@NotBlank String username, @NotBlank String password, @Size(max = 100) String name) {
	}

	record TokenResponse(String token, String tokenType, java.time.Instant expiresAt) {
	}

	@PostMapping("/auth/token")
	@Operation(summary = "Exchange username and password for a bearer token")
	ResponseEntity<?> token(@Valid @RequestBody TokenRequest request) {
		CloserUserDetails principal;
		try {
			var auth = authentication.authenticate(
					UsernamePasswordAuthenticationToken.unauthenticated(request.username(), request.password()));
			principal = (CloserUserDetails) auth.getPrincipal();
		}
		catch (LockedException e) {
			throw new BusinessException(HttpStatus.UNAUTHORIZED, "error.auth.locked");
		}
		catch (DisabledException e) {
			throw new BusinessException(HttpStatus.UNAUTHORIZED, "error.auth.disabled");
		}
		catch (AuthenticationException e) {
			throw new BusinessException(HttpStatus.UNAUTHORIZED, "error.auth.badCredentials");
		}
		var issued = tokens.issue(principal.currentUser().id(), request.name());
		return ResponseEntity.ok(new TokenResponse(issued.token(), "Bearer", issued.expiresAt()));
	}

	record Me(long id, String username, String displayName, Set<Role> roles, Long teamId, Long regionId,
			String timeZone) {
	}

	@GetMapping("/me")
	@Operation(summary = "The signed-in user")
	Me me(CurrentUser me) {
		return new Me(me.id(), me.username(), me.displayName(), me.roles(), me.teamId(), me.regionId(),
				me.zoneId().getId());
	}

	@GetMapping("/me/tokens")
	List<ApiTokens.TokenInfo> myTokens(CurrentUser me) {
		return tokens.list(me.id());
	}

	@DeleteMapping("/me/tokens/{id}")
	ResponseEntity<Void> revoke(CurrentUser me, @PathVariable long id) {
		tokens.revoke(me.id(), id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/users")
	@Operation(summary = "Users within the caller's data scope")
	PageResult<UserSummary> users(CurrentUser me, @RequestParam(required = false) String q,
			@RequestParam(required = false) Long teamId, @RequestParam(required = false) AccountStatus status,
			@RequestParam(required = false) Role role, @RequestParam(defaultValue = "0") int page,
			@RequestParam(required = false) Integer size, @RequestParam(required = false) String sort,
			@RequestParam(required = false) String dir) {
		return users.search(scopes.of(me), new UserQueries.UserFilter(q, teamId, status, role, sort, dir),
				Math.max(page, 0), PageResult.size(size));
	}

	@GetMapping("/users/{id}")
	@Operation(summary = "One user; 404 when outside the caller's data scope")
	UserSummary user(CurrentUser me, @PathVariable long id) {
		return users.find(id)
			.filter(u -> scopes.of(me).allows(u.id(), u.teamId()))
			.orElseThrow(() -> new NotFoundException("user", id));
	}

	record UserRequest(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 100) String displayName,
			@Size(max = 254) String email, @Size(max = 32) String phone, Long teamId, Long regionId,
			@NotNull @Size(min = 1) Set<Role> roles, @Size(max = 64) String timeZone, @Size(max = 200) String password,
			@Size(max = 500) String reason) {
		UserAccounts.UserDetails details() {
			return new UserAccounts.UserDetails(username, displayName, email, phone, teamId, regionId, roles, timeZone);
		}
	}

	@PostMapping("/admin/users")
	@Transactional
	@Operation(summary = "Create a user (honours Idempotency-Key)")
	ResponseEntity<?> createUser(CurrentUser me, @Valid @RequestBody UserRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String key) {
		UserRequest hashed = new UserRequest(request.username(), request.displayName(), request.email(),
				request.phone(), request.teamId(), request.regionId(), request.roles(), request.timeZone(),
				request.password() == null ? null : ApiTokens.hash(request.password()), request.reason());
		return idempotency.once(key, me.username(), "POST /api/admin/users", hashed, () -> {
			UserSummary created = accounts.create(request.details(), request.password());
			return ResponseEntity.created(URI.create("/api/users/" + created.id())).body(created);
		});
	}

	@PutMapping("/admin/users/{id}")
	UserSummary updateUser(@PathVariable long id, @Valid @RequestBody UserRequest request) {
		return accounts.update(id, request.details(), request.reason());
	}

	record StatusRequest(@NotNull AccountStatus status, @Size(max = 500) String reason) {
	}

	@PostMapping("/admin/users/{id}/status")
	@Transactional
	UserSummary setStatus(@PathVariable long id, @Valid @RequestBody StatusRequest request) {
		accounts.setStatus(id, request.status(), request.reason());
		return users.find(id).orElseThrow();
	}

	record RegionView(long id, String name, List<TeamSummary> teams) {
	}

	@GetMapping("/org")
	@Operation(summary = "The org tree: regions and their teams")
	List<RegionView> org() {
		List<TeamSummary> teams = users.teams();
		return users.regions().stream()
			.map(r -> new RegionView(r.id(), r.name(), teams.stream().filter(t -> t.regionId() == r.id()).toList()))
			.toList();
	}

	record NameRequest(@NotBlank @Size(max = 100) String name, Long regionId) {
	}

	@PostMapping("/admin/regions")
	ResponseEntity<?> createRegion(@Valid @RequestBody NameRequest request) {
		long id = org.createRegion(request.name());
		return ResponseEntity.status(HttpStatus.CREATED).body(java.util.Map.of("id", id, "name", request.name().trim()));
	}

	@PostMapping("/admin/teams")
	ResponseEntity<?> createTeam(@Valid @RequestBody NameRequest request) {
		if (request.regionId() == null) {
			throw BusinessException.invalidField("regionId", "error.required");
		}
		long id = org.createTeam(request.name(), request.regionId());
		return ResponseEntity.status(HttpStatus.CREATED).body(users.team(id).orElseThrow());
	}

	record SyncRow(@Size(max = 200) String username, @Size(max = 32) String status, @Size(max = 500) String reason) {
	}

	@PostMapping(path = "/hr/status-sync", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set account statuses in bulk; reports per row; a failed row changes nothing else")
	HrSync.Report syncJson(@RequestBody List<@Valid SyncRow> rows, Locale locale) {
		return hrSync.apply(rows.stream().map(r -> new HrSync.Row(r.username(), r.status(), r.reason())).toList(), "API",
				locale);
	}

	@PostMapping(path = "/hr/status-sync", consumes = { "text/csv", MediaType.TEXT_PLAIN_VALUE })
	HrSync.Report syncCsv(@RequestBody String csv, Locale locale) {
		return hrSync.applyCsv(new java.io.StringReader(csv), locale);
	}

	@PostMapping(path = "/hr/status-sync", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	HrSync.Report syncUpload(@RequestParam("file") MultipartFile file, Locale locale) throws java.io.IOException {
		return hrSync.applyCsv(new java.io.InputStreamReader(file.getInputStream(), java.nio.charset.StandardCharsets.UTF_8),
				locale);
	}
}
