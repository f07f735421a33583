# A stand-in for the part of nixpkgs' `lib` that NixFleet's modules and packages use, so they can be
# evaluated where nixpkgs is not available (by ./eval.nix, which nix/tests/*.test.ts run). Every
# type and function here follows nixpkgs (lib/types.nix, lib/strings.nix, lib/meta.nix,
# lib/options.nix): the same names, descriptions, checks and refusals, so an error the tests expect
# is the one a user would see. What it cannot be: the module system (imitated by ./eval.nix, without
# priorities or submodules), lib.fileset (it checks the files but returns the root itself instead of
# a filtered store copy) and lib.platforms (only the systems the flake builds for). `nix flake check`
# on a machine with Nix runs the real ones.
let
  inherit (builtins)
    all
    attrNames
    attrValues
    concatStringsSep
    elem
    filter
    isAttrs
    isBool
    isInt
    isList
    isPath
    isString
    length
    listToAttrs
    map
    match
    replaceStrings
    stringLength
    substring
    toJSON
    ;

  mkOptionType =
    {
      name,
      description ? null,
      descriptionClass ? null,
      check ? (_: true),
      nestedTypes ? { },
    }:
    {
      _type = "option-type";
      inherit
        name
        descriptionClass
        check
        nestedTypes
        ;
      description = if description == null then name else description;
    };

  # A type's description inside another's, parenthesized where it could be ambiguous.
  optionDescriptionPhrase =
    unparenthesize: t:
    if unparenthesize (t.descriptionClass or null) then t.description else "(${t.description})";

  isDerivation = value: isAttrs value && (value.type or null) == "derivation";
  isStringLike = value: isString value || isPath value || value ? outPath || value ? __toString;
  isStorePath =
    value:
    isStringLike value
    && (
      let
        text = toString value;
      in
      substring 0 1 text == "/" && dirOf text == builtins.storeDir
    );

  hasPrefix =
    prefix: text:
    if isPath prefix then
      throw "lib.strings.hasPrefix: The first argument (${toString prefix}) is a path value, but only strings are supported."
    else
      substring 0 (stringLength prefix) text == prefix;
  hasSuffix =
    suffix: text:
    let
      n = stringLength text;
      m = stringLength suffix;
    in
    m <= n && substring (n - m) m text == suffix;
  removePrefix =
    prefix: text:
    if hasPrefix prefix text then substring (stringLength prefix) (stringLength text) text else text;
  hasInfix =
    infix: text:
    if isPath infix then
      throw "lib.strings.hasInfix: The first argument (${toString infix}) is a path value, but only strings are supported."
    else
      match ".*${escapeRegex infix}.*" "${text}" != null;
  escapeRegex = replaceStrings
    [ "\\" "[" "{" "(" ")" "^" "$" "?" "*" "+" "|" "." ]
    [ "\\\\" "\\[" "\\{" "\\(" "\\)" "\\^" "\\$" "\\?" "\\*" "\\+" "\\|" "\\." ];
  escapeNixString = text: replaceStrings [ "$" ] [ "\\$" ] (toJSON text);

  splitString =
    separator: text: filter isString (builtins.split (escapeRegex (toString separator)) (toString text));
  last = list: builtins.elemAt list (length list - 1);
  getExe' =
    package: name:
    if !isDerivation package then
      throw "lib.meta.getExe': The first argument is of type ${builtins.typeOf package}, but it should be a derivation."
    else if !isString name || hasInfix "/" name then
      throw "lib.meta.getExe': The second argument must be a file name, not ${toJSON name}."
    else
      "${package.bin or package.out or package}/bin/${name}";
  getExe =
    package:
    getExe' package (
      package.meta.mainProgram or (builtins.trace
        "warning: getExe: Package ${getName package} does not have the meta.mainProgram attribute."
        (getName package)
      )
    );
  getName = package: (builtins.parseDrvName (package.name or package.pname)).name;

  # As nixpkgs' lib/types.nix: the same names, descriptions and checks. Like there, a list's or an
  # attribute set's own check looks at the container only; the elements are checked by the module
  # system (./eval.nix) against `nestedTypes.elemType`.
  types = rec {
    bool = mkOptionType {
      name = "bool";
      description = "boolean";
      descriptionClass = "noun";
      check = isBool;
    };
    str = mkOptionType {
      name = "str";
      description = "string";
      descriptionClass = "noun";
      check = isString;
    };
    nonEmptyStr = mkOptionType {
      name = "nonEmptyStr";
      description = "non-empty string";
      descriptionClass = "noun";
      check = value: str.check value && match "[ \t\n]*" value == null;
    };
    int = mkOptionType {
      name = "int";
      description = "signed integer";
      descriptionClass = "noun";
      check = isInt;
    };
    ints =
      let
        betweenDesc = lowest: highest: "${toString lowest} and ${toString highest} (both inclusive)";
        between =
          lowest: highest:
          addCheck int (value: value >= lowest && value <= highest)
          // {
            name = "intBetween";
            description = "integer between ${betweenDesc lowest highest}";
          };
        unsign =
          bit: range:
          between 0 (range - 1)
          // {
            name = "unsignedInt${toString bit}";
            description = "${toString bit} bit unsigned integer; between ${betweenDesc 0 (range - 1)}";
          };
      in
      {
        inherit between;
        positive = addCheck int (value: value > 0) // {
          name = "positiveInt";
          description = "positive integer, meaning >0";
          descriptionClass = "nonRestrictiveClause";
        };
        u16 = unsign 16 65536;
      };
    port = ints.u16;
    enum =
      values:
      let
        show =
          value:
          if isString value then
            ''"${value}"''
          else if isInt value then
            toString value
          else if isBool value then
            (if value then "true" else "false")
          else
            "<${builtins.typeOf value}>";
      in
      mkOptionType {
        name = "enum";
        description =
          if values == [ ] then
            "impossible (empty enum)"
          else if length values == 1 then
            "value ${show (builtins.head values)} (singular enum)"
          else
            "one of ${concatStringsSep ", " (map show values)}";
        descriptionClass = if length values < 2 then "noun" else "conjunction";
        check = value: elem value values;
      };
    strMatching =
      pattern:
      mkOptionType {
        name = "strMatching ${escapeNixString pattern}";
        description = "string matching the pattern ${pattern}";
        descriptionClass = "noun";
        check = value: str.check value && match pattern value != null;
      };
    # An absolute path, given as a path value or as anything that is a string starting with "/".
    path = mkOptionType {
      name = "path";
      descriptionClass = "noun";
      check = value: isStringLike value && substring 0 1 (toString value) == "/";
    };
    package = mkOptionType {
      name = "package";
      descriptionClass = "noun";
      check = value: isDerivation value || isStorePath value;
    };
    nullOr =
      elemType:
      mkOptionType {
        name = "nullOr";
        description = "null or ${optionDescriptionPhrase (class: class == "noun" || class == "conjunction") elemType}";
        descriptionClass = "conjunction";
        check = value: value == null || elemType.check value;
        nestedTypes.elemType = elemType;
      };
    listOf =
      elemType:
      mkOptionType {
        name = "listOf";
        description = "list of ${optionDescriptionPhrase (class: class == "noun" || class == "composite") elemType}";
        descriptionClass = "composite";
        check = isList;
        nestedTypes.elemType = elemType;
      };
    attrsOf =
      elemType:
      mkOptionType {
        name = "attrsOf";
        description = "attribute set of ${optionDescriptionPhrase (class: class == "noun" || class == "composite") elemType}";
        descriptionClass = "composite";
        check = isAttrs;
        nestedTypes.elemType = elemType;
      };
    addCheck =
      elemType: check:
      elemType
      // {
        check = value: elemType.check value && check value;
      };
  };
in
{
  inherit
    types
    mkOptionType
    isDerivation
    isStringLike
    isStorePath
    getName
    getExe'
    getExe
    hasPrefix
    hasSuffix
    hasInfix
    removePrefix
    splitString
    last
    ;

  fix =
    f:
    let
      x = f x;
    in
    x;
  # The real mkOption takes exactly these attributes: a misspelt one is an evaluation error.
  mkOption =
    {
      default ? null,
      defaultText ? null,
      example ? null,
      description ? null,
      relatedPackages ? null,
      type ? null,
      apply ? null,
      internal ? null,
      visible ? null,
      readOnly ? null,
    }@attrs:
    attrs // { _type = "option"; };
  mkEnableOption =
    name:
    {
      _type = "option";
      type = types.bool;
      default = false;
      example = true;
      description = "Whether to enable ${name}.";
    };
  mkIf = condition: content: {
    _type = "if";
    inherit condition content;
  };
  mkMerge = contents: {
    _type = "merge";
    inherit contents;
  };
  mkDefault = content: {
    _type = "override";
    priority = 1000;
    inherit content;
  };
  literalExpression =
    text:
    if !isString text then
      throw "literalExpression expects a string."
    else
      {
        _type = "literalExpression";
        inherit text;
      };

  optionals = condition: list: if condition then list else [ ];
  optionalAttrs = condition: attrs: if condition then attrs else { };
  concatStringsSep = concatStringsSep;
  concatMapStringsSep = separator: f: list: concatStringsSep separator (map f list);
  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (attrNames attrs);
  filterAttrs =
    predicate: attrs:
    listToAttrs (
      map (name: {
        inherit name;
        value = attrs.${name};
      }) (filter (name: predicate name attrs.${name}) (attrNames attrs))
    );
  genAttrs =
    names: f:
    listToAttrs (
      map (name: {
        inherit name;
        value = f name;
      }) names
    );
  importJSON = file: builtins.fromJSON (builtins.readFile file);
  elem = elem;
  # Shell-safe words stay as they are; anything else is single-quoted.
  escapeShellArg =
    arg:
    let
      text = toString arg;
    in
    if match "[[:alnum:],._+:@%/-]+" text == null then
      "'${replaceStrings [ "'" ] [ "'\\''" ] text}'"
    else
      text;
  makeBinPath = packages: concatStringsSep ":" (map (p: "${p}/bin") packages);
  # Refuses what the real lib.fileset refuses (missing files, files outside the root); the result
  # is the root itself instead of a filtered copy in the store.
  fileset = {
    toSource =
      { root, fileset }:
      let
        outside = filter (file: !(hasPrefix "${toString root}/" "${toString file}")) fileset;
      in
      if !(builtins.pathExists root) then
        throw "lib.fileset.toSource: `root` (${toString root}) is a path that does not exist."
      else if outside != [ ] then
        throw "lib.fileset.toSource: `fileset` could contain files in ${toString (builtins.head outside)}, which is not under the `root` (${toString root})."
      else
        root;
    unions =
      list:
      let
        missing = filter (file: !(builtins.pathExists file)) list;
      in
      if missing != [ ] then
        throw "lib.fileset.unions: Element (${toString (builtins.head missing)}) is a path that does not exist."
      else
        list;
  };
  licenses.agpl3Only = {
    spdxId = "AGPL-3.0-only";
    shortName = "agpl3Only";
  };
  platforms = {
    linux = [
      "x86_64-linux"
      "aarch64-linux"
    ];
    darwin = [
      "x86_64-darwin"
      "aarch64-darwin"
    ];
    unix = [
      "x86_64-linux"
      "aarch64-linux"
      "x86_64-darwin"
      "aarch64-darwin"
    ];
  };
}
