package dev.closer.identity.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.closer.identity.AccountStatus;
import dev.closer.identity.UserSummary;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import dev.closer.shared.web.PageResult;

/** Admin pages for users: list with filters and sort, create, edit, enable/disable. */
@Controller
@RequestMapping("/admin/users")
class AdminUserController {

	private final UserQueries users;

	private final UserAccounts accounts;

	private final DataScopes scopes;

	private final MessageSource messages;

	AdminUserController(UserQueries users, UserAccounts accounts, DataScopes scopes, MessageSource messages) {
		this.users = users;
		this.accounts = accounts;
		this.scopes = scopes;
		this.messages = messages;
	}

	@InitBinder
	void binder(WebDataBinder binder) {
		binder.setDisallowedFields("id");
	}

	/** Web form for a user; never bound onto the account directly. */
	static class UserForm {

		private String username = "";

		private String displayName = "";

		private String email;

		private String phone;

		private Long teamId;

		private Long regionId;

		private Set<Role> roles = EnumSet.noneOf(Role.class);

		private String timeZone = "Asia/Shanghai";

		private String password;

		private String reason;

		static UserForm of(UserSummary u) {
			UserForm f = new UserForm();
			f.username = u.username();
			f.displayName = u.displayName();
			f.email = u.email();
			f.phone = u.phone();
			f.teamId = u.teamId();
			f.regionId = u.teamId() == null ? u.regionId() : null;
			f.roles = u.roles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(u.roles());
			f.timeZone = u.zoneId().getId();
			return f;
		}

		UserAccounts.UserDetails details() {
			return new UserAccounts.UserDetails(username == null ? null : username.trim(), displayName, email, phone,
					teamId, regionId, roles == null ? Set.of() : roles, timeZone);
		}

		public String getUsername() { return username; }
		public void setUsername(String v) { username = v; }
		public String getDisplayName() { return displayName; }
		public void setDisplayName(String v) { displayName = v; }
		public String getEmail() { return email; }
		public void setEmail(String v) { email = v; }
		public String getPhone() { return phone; }
		public void setPhone(String v) { phone = v; }
		public Long getTeamId() { return teamId; }
		public void setTeamId(Long v) { teamId = v; }
		public Long getRegionId() { return regionId; }
		public void setRegionId(Long v) { regionId = v; }
		public Set<Role> getRoles() { return roles; }
		public void setRoles(Set<Role> v) { roles = v; }
		public String getTimeZone() { return timeZone; }
		public void setTimeZone(String v) { timeZone = v; }
		public String getPassword() { return password; }
		public void setPassword(String v) { password = v; }
		public String getReason() { return reason; }
		public void setReason(String v) { reason = v; }
	}

	@ModelAttribute
	void reference(Model model) {
		model.addAttribute("allRoles", Role.values());
		model.addAttribute("allStatuses", AccountStatus.values());
		var teams = users.teams();
		model.addAttribute("teams", teams);
		model.addAttribute("teamNames", teams.stream()
			.collect(java.util.stream.Collectors.toMap(t -> t.id(), t -> t.name())));
		model.addAttribute("regions", users.regions());
	}

	@GetMapping
	String list(CurrentUser me, @RequestParam(required = false) String q, @RequestParam(required = false) Long teamId,
			@RequestParam(required = false) AccountStatus status, @RequestParam(required = false) Role role,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
			@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size, Model model) {
		var filter = new UserQueries.UserFilter(q, teamId, status, role, sort, dir);
		PageResult<UserSummary> result = users.search(scopes.of(me), filter, Math.max(0, page), PageResult.size(size));
		model.addAttribute("page", result);
		model.addAttribute("filter", filter);
		return "identity/users";
	}

	/** The same list (same filters and order) as XLSX, every page of it. */
	@GetMapping("/export")
	org.springframework.http.ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> export(
			CurrentUser me, @RequestParam(required = false) String q, @RequestParam(required = false) Long teamId,
			@RequestParam(required = false) AccountStatus status, @RequestParam(required = false) Role role,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String dir) {
		var filter = new UserQueries.UserFilter(q, teamId, status, role, sort, dir);
		var scope = scopes.of(me);
		var teamNames = users.teams().stream()
			.collect(java.util.stream.Collectors.toMap(t -> t.id(), t -> t.regionName() + " / " + t.name()));
		List<String> headers = List.of(message("user.username"), message("user.displayName"), message("user.email"),
				message("user.phone"), message("user.team"), message("user.roles"), message("user.status"));
		return dev.closer.shared.export.XlsxExport.download("users.xlsx", message("nav.users"), headers, me.zoneId(),
				sink -> {
					int page = 0;
					PageResult<UserSummary> chunk;
					do {
						chunk = users.search(scope, filter, page++, 200);
						for (UserSummary u : chunk.items()) {
							sink.row(java.util.Arrays.asList(u.username(), u.displayName(), u.email(), u.phone(),
									u.teamId() == null ? null : teamNames.get(u.teamId()),
									u.roles().stream().map(r -> message("role." + r.name())).sorted()
										.collect(java.util.stream.Collectors.joining(", ")),
									message("status." + u.status().name())));
						}
					}
					while (chunk.hasNext());
				});
	}

	@GetMapping("/new")
	String createForm(Model model) {
		model.addAttribute("form", new UserForm());
		return "identity/user-form";
	}

	@PostMapping("/new")
	String create(@ModelAttribute("form") UserForm form, Model model, RedirectAttributes redirect) {
		try {
			UserSummary created = accounts.create(form.details(), form.getPassword());
			redirect.addFlashAttribute("flash", message("user.created", created.username()));
			return "redirect:/admin/users/" + created.id();
		}
		catch (BusinessException e) {
			return formError(e, model);
		}
	}

	@GetMapping("/{id}")
	String edit(@PathVariable long id, Model model) {
		UserSummary user = users.find(id).orElseThrow(() -> new NotFoundException("user", id));
		model.addAttribute("user", user);
		model.addAttribute("form", UserForm.of(user));
		return "identity/user-form";
	}

	@PostMapping("/{id}")
	String update(@PathVariable long id, @ModelAttribute("form") UserForm form, Model model,
			RedirectAttributes redirect) {
		UserSummary user = users.find(id).orElseThrow(() -> new NotFoundException("user", id));
		try {
			UserSummary saved = accounts.update(id, form.details(), form.getReason());
			if (form.getPassword() != null && !form.getPassword().isBlank()) {
				accounts.changePassword(id, form.getPassword());
			}
			redirect.addFlashAttribute("flash", message("user.updated", saved.username()));
			return "redirect:/admin/users/" + id;
		}
		catch (BusinessException e) {
			model.addAttribute("user", user);
			return formError(e, model);
		}
	}

	@PostMapping("/{id}/status")
	String status(@PathVariable long id, @RequestParam AccountStatus status, @RequestParam(required = false) String reason,
			RedirectAttributes redirect) {
		UserSummary user = users.find(id).orElseThrow(() -> new NotFoundException("user", id));
		try {
			accounts.setStatus(id, status, reason);
			redirect.addFlashAttribute("flash", message("user.statusChanged", user.username(),
					message("status." + status.name())));
		}
		catch (BusinessException e) {
			redirect.addFlashAttribute("flashError", message(e.messageKey(), e.args()));
		}
		return "redirect:/admin/users/" + id;
	}

	private String formError(BusinessException e, Model model) {
		model.addAttribute("error", message(e.messageKey(), e.args()));
		model.addAttribute("errorField", e.field());
		return "identity/user-form";
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
	}
}
