# bash completion for backrelief. Each Tab asks backrelief itself, so the
# ids of your own exercises and programs are offered too.
# Install: backrelief completions bash > ~/.local/share/bash-completion/completions/backrelief
_backrelief() {
    # Bash splits `--flag=value` at the `=` (COMP_WORDBREAKS): join the
    # words back for backrelief, and complete only the value, which is
    # the part bash replaces.
    local words=() i w n
    for ((i = 0; i <= COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        n=${#words[@]}
        if ((n > 0)) && [[ $w == "=" && ${words[n-1]} == --* && ${words[n-1]} != *=* ]]; then
            words[n-1]+="="
        elif ((n > 0)) && [[ ${words[n-1]} == --*= && ${COMP_WORDS[i-1]} == "=" ]]; then
            words[n-1]+=$w
        else
            words+=("$w")
        fi
    done
    local cword=$((${#words[@]} - 1))
    local cur=${words[cword]} prefix=""
    if [[ $cur == --*=* ]]; then
        prefix=${cur%%=*}=
        cur=${cur#*=}
    fi
    local out
    out=$(backrelief __complete bash "$cword" -- "${words[@]}" 2>/dev/null) || return 0
    if [[ $out == "::files" ]]; then
        compopt -o filenames 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0
    fi
    local IFS=$'\n'
    COMPREPLY=($out)
    if [[ -n $prefix ]]; then
        COMPREPLY=("${COMPREPLY[@]#"$prefix"}")
    fi
}
complete -o nosort -F _backrelief backrelief 2>/dev/null || complete -F _backrelief backrelief
