# Evaluates NixFleet's modules, packages and flake without nixpkgs, for nix/tests/*.test.ts:
#
#   nix-instantiate --eval --strict --json nix/tests/eval.nix --argstr caseJson '{"kind": …}'
#
# The modules get ./lib-stub.nix as `lib` and a few stand-in packages. A miniature module system
# resolves option values (defaults, type checks, unknown options), mkIf/mkMerge and assertions, the
# way NixOS and Home Manager would for these modules; then the result is rendered as the files
# NixOS, Home Manager and launchd would get: a systemd unit, an INI user unit, a plist.
{ caseJson }:
let
  case = builtins.fromJSON caseJson;
  lib = import ./lib-stub.nix;

  inherit (builtins)
    attrNames
    concatMap
    concatStringsSep
    filter
    foldl'
    isAttrs
    isBool
    isInt
    isList
    isPath
    isString
    mapAttrs
    replaceStrings
    toJSON
    ;

  stubRoot = case.stubRoot or "/nonexistent";
  system = case.system or "x86_64-linux";

  stubPackage = name: {
    type = "derivation";
    inherit name;
    pname = name;
    outPath = "${stubRoot}/${name}";
    meta.mainProgram = name;
  };

  # nixpkgs for `forSystem`, as far as the modules and packages use it.
  mkStubPkgs =
    forSystem:
    let
      darwin = lib.hasSuffix "-darwin" forSystem;
    in
    lib.fix (self: {
      inherit lib;
      stdenv.hostPlatform = {
        system = forSystem;
        isDarwin = darwin;
        isLinux = !darwin;
      };
      git = stubPackage "git";
      openssh = stubPackage "openssh";
      makeWrapper = stubPackage "make-wrapper";
      python3 = stubPackage "python3";
      openssl = stubPackage "openssl";
      chromium = stubPackage "chromium";
      # Today's nixpkgs: `nodejs` is Node 24; `nodejs_20` is gone (end of life, dropped July 2026).
      nodejs = stubPackage "nodejs-24.11.1" // {
        version = "24.11.1";
        meta.mainProgram = "node";
      };
      # Records what the packages ask of nixpkgs' Node tooling.
      buildNpmPackage =
        attrs:
        stubPackage "${attrs.pname}-${attrs.version}"
        // {
          buildArgs = removeAttrs attrs [
            "src"
            "npmDeps"
            "nodejs"
            "npmConfigHook"
            "nativeBuildInputs"
          ];
          nodejs = attrs.nodejs.name;
          # The Node the config hook compiles native modules for: nixpkgs' default one unless overridden.
          npmConfigHookNodejs = attrs.npmConfigHook.overriddenWith.nodejs.name or null;
          npmDepsResolved = builtins.length (
            filter (module: module ? resolved) (builtins.attrValues attrs.npmDeps.packageLock.packages)
          );
        };
      importNpmLock = {
        __functor = _self: args: stubPackage "npm-deps" // { packageLock = args.packageLock; };
        npmConfigHook = stubPackage "npm-config-hook" // {
          override = args: stubPackage "npm-config-hook" // { overriddenWith = args; };
        };
      };
      mkShell = attrs: stubPackage "nix-shell" // { shellArgs = attrs; };
      callPackage =
        path: overrides:
        let
          f = import path;
        in
        f (builtins.intersectAttrs (builtins.functionArgs f) self // overrides);
      testers.runNixOSTest = test: stubPackage "nixos-test-${test.name}" // { nixosTest = test; };
    });
  stubPkgs = mkStubPkgs system;

  # --- a miniature module system --------------------------------------------------------------

  typeOf = value: if isAttrs value then value._type or null else null;
  isOption = value: typeOf value == "option";
  showValue = value: if isPath value then toString value else toJSON value;

  # Option values for `options`, from `settings` and the defaults, each checked against its type.
  resolveOptions =
    path: options: settings:
    let
      unknown = filter (name: !(options ? ${name})) (attrNames settings);
      # Checked with each value, not before: the option names are known without reading the
      # settings, which may refer to `config` (as in `config.age.secrets.<name>.path`).
      refuseUnknown =
        value:
        if unknown != [ ] then
          throw "The option `${concatStringsSep "." (path ++ [ (builtins.head unknown) ])}' does not exist."
        else
          value;
    in
    mapAttrs (
      name: option:
      refuseUnknown (
        let
          shown = concatStringsSep "." (path ++ [ name ]);
          value =
            if settings ? ${name} then
              settings.${name}
            else if option ? default then
              option.default
            else
              throw "The option `${shown}' is used but not defined.";
        in
        if !isOption option then
          resolveOptions (path ++ [ name ]) option (settings.${name} or { })
        else
          checkValue shown option.type value
      )) options;

  # A value checked against its type, and the elements of a list or attribute set against theirs,
  # named in the error as the module system names them.
  checkValue =
    shown: type: value:
    let
      elemType = type.nestedTypes.elemType;
      checkAll =
        checked: builtins.foldl' (result: element: builtins.seq element result) value checked;
    in
    if !type.check value then
      throw "A definition for option `${shown}' is not of type `${type.description}'. Definition value: ${showValue value}"
    else if type.name == "listOf" then
      checkAll (
        builtins.genList (
          index:
          checkValue "${shown}.\"[definition 1-entry ${toString (index + 1)}]\"" elemType (
            builtins.elemAt value index
          )
        ) (builtins.length value)
      )
    else if type.name == "attrsOf" then
      checkAll (builtins.attrValues (mapAttrs (name: checkValue "${shown}.${name}" elemType) value))
    else if type.name == "nullOr" && value != null then
      checkValue shown elemType value
    else
      value;

  nothing = {
    _type = "nothing";
  };
  isPlainAttrs = value: isAttrs value && !(value ? outPath) && typeOf value == null;

  # mkIf / mkMerge / mkDefault resolved; definitions merged like the module system would.
  resolve =
    value:
    let
      kind = typeOf value;
    in
    if kind == "if" then
      (if value.condition then resolve value.content else nothing)
    else if kind == "merge" then
      foldl' mergeDefinitions nothing (map resolve value.contents)
    else if kind == "override" then
      resolve value.content
    else if isPlainAttrs value then
      lib.filterAttrs (_: v: typeOf v != "nothing") (mapAttrs (_: resolve) value)
    else
      value;

  mergeDefinitions =
    a: b:
    if typeOf a == "nothing" then
      b
    else if typeOf b == "nothing" then
      a
    else if isPlainAttrs a && isPlainAttrs b then
      a // mapAttrs (name: vb: if a ? ${name} then mergeDefinitions a.${name} vb else vb) b
    else if isList a && isList b then
      a ++ b
    else if a == b then
      a
    else
      throw "conflicting definitions: ${toJSON a} and ${toJSON b}";

  recursiveUpdate =
    a: b:
    a
    // mapAttrs (
      name: vb: if isPlainAttrs vb && isPlainAttrs (a.${name} or null) then recursiveUpdate a.${name} vb else vb
    ) b;

  # `userModules`: the user's own configuration modules (functions or attribute sets), as in a
  # host's configuration.nix; their definitions join `settings`. `age.secrets` is served as
  # agenix's module would: each secret's `path` is /run/agenix/<name>.
  evalModule =
    {
      module,
      settings,
      base,
      userModules ? [ ],
    }:
    let
      moduleArgs = {
        inherit lib config;
        pkgs = stubPkgs;
        options = { };
      };
      declared = module moduleArgs;
      # Merged lazily and not resolved: a user's module here holds plain definitions (no mkIf).
      userDefinitions = foldl' mergeDefinitions settings (
        map (user: if builtins.isFunction user then user moduleArgs else user) userModules
      );
      agenix = {
        age.secrets = mapAttrs (name: secret: secret // { path = "/run/agenix/${name}"; }) (
          userDefinitions.age.secrets or { }
        );
      };
      config = recursiveUpdate (base // agenix) (
        resolveOptions [ ] declared.options (removeAttrs userDefinitions [ "age" ])
      );
      output = resolve (declared.config or { });
      result = if typeOf output == "nothing" then { } else output;
      failed = filter (a: !a.assertion) (result.assertions or [ ]);
    in
    if failed != [ ] then
      throw "Failed assertions:\n${lib.concatMapStringsSep "\n" (a: "- ${a.message}") failed}"
    else
      {
        inherit declared config;
        output = removeAttrs result [ "assertions" ];
      };

  # What the options look like to a user: type, default, description.
  describeOptions = mapAttrs (
    _: option: {
      type = option.type.description;
      hasDefault = option ? default;
      default = if option ? default && !(isAttrs option.default) then option.default else null;
      description = option.description or "";
    }
  );

  # --- rendering ----------------------------------------------------------------------------

  unitValue =
    value:
    if isBool value then
      (if value then "true" else "false")
    else if isInt value then
      toString value
    else
      toString value;

  # One section of a unit file: a key per line, a list as repeated keys, null left out.
  section =
    name: attrs:
    let
      lines = concatMap (
        key:
        let
          value = attrs.${key};
        in
        if value == null then
          [ ]
        else if isList value then
          map (item: "${key}=${unitValue item}") value
        else
          [ "${key}=${unitValue value}" ]
      ) (attrNames attrs);
    in
    "[${name}]\n${concatStringsSep "\n" lines}\n";

  # A NixOS `systemd.services.<name>` as NixOS writes it (nixos/lib/systemd-lib.nix): the unit
  # options into [Unit], environment and PATH (from `path` and NixOS' default path) into [Service].
  nixosDefaultPath = map stubPackage [
    "coreutils"
    "findutils"
    "gnugrep"
    "gnused"
    "systemd"
  ];
  renderNixosService =
    service:
    let
      pathEntries = (service.path or [ ]) ++ nixosDefaultPath;
      binDirs = map (p: "${toString p}/bin") pathEntries;
      sbinDirs = map (p: "${toString p}/sbin") pathEntries;
      environment = (service.environment or { }) // {
        PATH = concatStringsSep ":" (binDirs ++ sbinDirs);
      };
      joined = list: if list == [ ] then null else concatStringsSep " " list;
      unit =
        {
          Description = service.description or null;
          After = joined (service.after or [ ]);
          Wants = joined (service.wants or [ ]);
          Requires = joined (service.requires or [ ]);
          X-RestartIfChanged = if (service.restartIfChanged or true) then null else false;
        }
        // (service.unitConfig or { });
      serviceSection = (service.serviceConfig or { }) // {
        Environment = map (name: toJSON "${name}=${environment.${name}}") (attrNames environment);
      };
    in
    section "Unit" unit + "\n" + section "Service" serviceSection;

  # Home Manager's `systemd.user.services.<name>`: sections as given (lib.generators.toINI).
  renderIniUnit =
    sections: concatStringsSep "\n" (map (name: section name sections.${name}) (attrNames sections));

  # launchd's XML property list (as lib.generators.toPlist writes it).
  escapeXml = replaceStrings [ "&" "<" ">" "\"" "'" ] [ "&amp;" "&lt;" "&gt;" "&quot;" "&apos;" ];
  plistValue =
    indent: value:
    if isBool value then
      "${indent}<${if value then "true" else "false"}/>"
    else if isInt value then
      "${indent}<integer>${toString value}</integer>"
    else if isString value || isPath value then
      "${indent}<string>${escapeXml (toString value)}</string>"
    else if isList value then
      "${indent}<array>\n${concatStringsSep "\n" (map (plistValue "${indent}  ") value)}\n${indent}</array>"
    else
      "${indent}<dict>\n${
        concatStringsSep "\n" (
          map (key: "${indent}  <key>${escapeXml key}</key>\n${plistValue "${indent}  " value.${key}}") (
            attrNames value
          )
        )
      }\n${indent}</dict>";
  toPlist = value: ''
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
    <plist version="1.0">
    ${plistValue "" value}
    </plist>
  '';

  # --- the cases ----------------------------------------------------------------------------

  ownPackages = {
    ${system} = {
      nixfleet-agent = stubPackage "nixfleet-agent";
      nixfleet-dashboard = stubPackage "nixfleet-dashboard";
    };
  };

  nixosBase = {
    system.build.nixos-rebuild = stubPackage "nixos-rebuild";
    nix.package = stubPackage "nix";
  };

  homeBase = {
    home = {
      homeDirectory = case.homeDirectory or "/Users/alice";
      username = "alice";
      profileDirectory = "${case.homeDirectory or "/Users/alice"}/.nix-profile";
    };
    xdg.configHome = "${case.homeDirectory or "/Users/alice"}/.config";
  };

  agentSettings = {
    services.nixfleet-agent = case.settings or { };
  };
  # Configuration files of a user's own: a name in ./examples, or an absolute path.
  userModules = map (
    name: import (if lib.hasPrefix "/" name then /. + name else ./examples + "/${name}")
  ) (case.userModules or [ ]);

  cases = {
    nixos-agent =
      let
        evaluated = evalModule {
          module = import ../modules/nixos-agent.nix { packages = ownPackages; };
          settings = agentSettings;
          base = nixosBase;
          inherit userModules;
        };
        service = evaluated.output.systemd.services.nixfleet-agent or null;
      in
      {
        options = describeOptions evaluated.declared.options.services.nixfleet-agent;
        enabled = service != null;
        service = service;
        unit = if service == null then null else renderNixosService service;
        tmpfiles = evaluated.output.systemd.tmpfiles.rules or [ ];
      };

    home-manager-agent =
      let
        evaluated = evalModule {
          module = import ../modules/home-manager-agent.nix { packages = ownPackages; };
          settings = agentSettings;
          base = homeBase;
          inherit userModules;
        };
        launchdAgent = evaluated.output.launchd.agents.nixfleet-agent or null;
        userService = evaluated.output.systemd.user.services.nixfleet-agent or null;
      in
      {
        options = describeOptions evaluated.declared.options.services.nixfleet-agent;
        launchd = launchdAgent;
        plist = if launchdAgent == null then null else toPlist launchdAgent.config;
        systemdUser = userService;
        unit = if userService == null then null else renderIniUnit userService;
      };

    darwin-agent =
      let
        evaluated = evalModule {
          module = import ../modules/darwin-agent.nix { packages = ownPackages; };
          settings = agentSettings;
          base = { };
          inherit userModules;
        };
        daemon = evaluated.output.launchd.daemons.nixfleet-agent or null;
      in
      {
        options = describeOptions evaluated.declared.options.services.nixfleet-agent;
        launchd = daemon;
        plist = if daemon == null then null else toPlist daemon.serviceConfig;
      };

    nixos-dashboard =
      let
        evaluated = evalModule {
          module = import ../modules/nixos-dashboard.nix { packages = ownPackages; };
          settings = {
            services.nixfleet-dashboard = case.settings or { };
          };
          base = nixosBase;
        };
        service = evaluated.output.systemd.services.nixfleet-dashboard or null;
      in
      {
        options = describeOptions evaluated.declared.options.services.nixfleet-dashboard;
        service = service;
        unit = if service == null then null else renderNixosService service;
        firewall = evaluated.output.networking.firewall.allowedTCPPorts or [ ];
      };

    npm-lock =
      let
        lock = import ../packages/npm-lock.nix {
          inherit lib;
          packageLock = lib.importJSON ../../package-lock.json;
        };
      in
      mapAttrs (_: module: {
        resolved = module.resolved or null;
        version = module.version or null;
        name = module.name or null;
        integrity = module.integrity or null;
        link = module.link or false;
      }) lock.packages;

    flake =
      let
        flake = import ../../flake.nix;
        nixpkgs = {
          inherit lib;
          # nixpkgs 26.11 has no x86_64-darwin.
          legacyPackages = lib.genAttrs [
            "x86_64-linux"
            "aarch64-linux"
            "aarch64-darwin"
          ] mkStubPkgs;
        };
        outputs = flake.outputs {
          self = outputs;
          inherit nixpkgs;
        };
        packageSummary = package: {
          inherit (package) name nodejs npmConfigHookNodejs;
          args = package.buildArgs;
        };
        shellSummary = shell: {
          packages = map (p: p.name) (shell.shellArgs.packages or [ ]);
          env = shell.shellArgs.env or { };
        };
        vmTest = outputs.checks.x86_64-linux.nixos-vm.nixosTest;
        viaFlake = evalModule {
          module = outputs.nixosModules.nixfleet-agent;
          settings = agentSettings;
          base = nixosBase;
        };
      in
      {
        description = flake.description;
        inputs = mapAttrs (_: input: input.url or null) flake.inputs;
        outputNames = attrNames outputs;
        packages = mapAttrs (_: attrNames) outputs.packages;
        checks = mapAttrs (_: attrNames) outputs.checks;
        nixosModules = attrNames outputs.nixosModules;
        homeManagerModules = attrNames outputs.homeManagerModules;
        darwinModules = attrNames (outputs.darwinModules or { });
        devShells = mapAttrs (_: mapAttrs (_: shellSummary)) (outputs.devShells or { });
        overlay = attrNames (outputs.overlays.default stubPkgs stubPkgs);
        agent = packageSummary outputs.packages.${system}.nixfleet-agent;
        dashboard = packageSummary outputs.packages.${system}.nixfleet-dashboard;
        npmDepsResolved = outputs.packages.${system}.nixfleet-agent.npmDepsResolved;
        vmTestNodes = attrNames vmTest.nodes;
        vmTestSwitchEnabled = (vmTest.nodes.machine { pkgs = stubPkgs; }).system.switch.enable or null;
        agentExecStartViaFlake = viaFlake.output.systemd.services.nixfleet-agent.serviceConfig.ExecStart;
      };
  };
in
cases.${case.kind} or (throw "unknown case kind ${case.kind}")
