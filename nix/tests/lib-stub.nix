# A stand-in for the part of nixpkgs' `lib` that NixFleet's modules and packages use, so they can be
# evaluated where nixpkgs is not available (by ./eval.nix, which nix/tests/*.test.ts run). Option
# types carry a `check` like the real ones; the module system itself is imitated by ./eval.nix.
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
      description ? name,
      check,
    }:
    {
      _type = "option-type";
      inherit name description check;
    };

  isDerivation = value: isAttrs value && (value.type or null) == "derivation";

  hasPrefix = prefix: text: substring 0 (stringLength prefix) text == prefix;
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
  hasInfix = infix: text: match ".*${escapeRegex infix}.*" text != null;
  escapeRegex = replaceStrings
    [ "\\" "." "*" "+" "?" "(" ")" "[" "]" "{" "}" "^" "$" "|" ]
    [ "\\\\" "\\." "\\*" "\\+" "\\?" "\\(" "\\)" "\\[" "\\]" "\\{" "\\}" "\\^" "\\$" "\\|" ];

  splitString =
    separator: text:
    filter isString (builtins.split (escapeRegex separator) text);
  last = list: builtins.elemAt list (length list - 1);

  types = rec {
    bool = mkOptionType {
      name = "bool";
      description = "boolean";
      check = isBool;
    };
    str = mkOptionType {
      name = "str";
      description = "string";
      check = isString;
    };
    nonEmptyStr = mkOptionType {
      name = "nonEmptyStr";
      description = "non-empty string";
      check = value: isString value && match "[[:space:]]*" value == null;
    };
    int = mkOptionType {
      name = "int";
      description = "signed integer";
      check = isInt;
    };
    ints = {
      between =
        lowest: highest:
        mkOptionType {
          name = "intBetween";
          description = "integer between ${toString lowest} and ${toString highest} (both inclusive)";
          check = value: isInt value && value >= lowest && value <= highest;
        };
      positive = mkOptionType {
        name = "positiveInt";
        description = "positive integer, meaning >0";
        check = value: isInt value && value > 0;
      };
      u16 = ints.between 0 65535;
    };
    port = ints.u16;
    enum =
      values:
      mkOptionType {
        name = "enum";
        description = "one of ${concatStringsSep ", " (map toJSON values)}";
        check = value: elem value values;
      };
    strMatching =
      pattern:
      mkOptionType {
        name = "strMatching ${toJSON pattern}";
        description = "string matching the pattern ${pattern}";
        check = value: isString value && match pattern value != null;
      };
    # Like nixpkgs: an absolute path, given as a path value or as a string starting with "/".
    path = mkOptionType {
      name = "path";
      description = "path";
      check = value: isPath value || (isString value && hasPrefix "/" value);
    };
    package = mkOptionType {
      name = "package";
      description = "package";
      check = isDerivation;
    };
    nullOr =
      type:
      mkOptionType {
        name = "nullOr";
        description = "null or ${type.description}";
        check = value: value == null || type.check value;
      };
    listOf =
      type:
      mkOptionType {
        name = "listOf";
        description = "list of ${type.description}";
        check = value: isList value && all type.check value;
      };
    attrsOf =
      type:
      mkOptionType {
        name = "attrsOf";
        description = "attribute set of ${type.description}";
        check = value: isAttrs value && !(isDerivation value) && all type.check (attrValues value);
      };
    addCheck =
      type: extraCheck:
      type
      // {
        check = value: type.check value && extraCheck value;
      };
  };
in
{
  inherit
    types
    mkOptionType
    isDerivation
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
  mkOption = attrs: attrs // { _type = "option"; };
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
  literalExpression = text: {
    _type = "literalExpression";
    inherit text;
  };

  optionals = condition: list: if condition then list else [ ];
  optionalAttrs = condition: attrs: if condition then attrs else { };
  concatStringsSep = concatStringsSep;
  concatMapStringsSep = separator: f: list: concatStringsSep separator (map f list);
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
  getExe' = package: name: "${package}/bin/${name}";
  getExe = package: "${package}/bin/${package.meta.mainProgram or package.pname or package.name}";
  escapeShellArg = arg: "'${replaceStrings [ "'" ] [ "'\\''" ] (toString arg)}'";
  makeBinPath = packages: concatStringsSep ":" (map (p: "${p}/bin") packages);
  fileset = {
    toSource = { root, fileset }: root;
    unions = list: list;
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
