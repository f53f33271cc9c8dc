//! Procedural macros of `wasmbox-pdk`: `#[plugin_fn]` and `manifest!`.
//!
//! Use them through `wasmbox_pdk::plugin_fn` and `wasmbox_pdk::manifest!`; the generated
//! code refers to the `wasmbox_pdk` crate by that name.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{
    bracketed, parse_macro_input, FnArg, GenericArgument, ItemFn, LitStr, Path, PathArguments,
    ReturnType, Token, Type, Visibility,
};

mod manifest_json;

/// Names that would clash with a libc/WASI symbol or with the module's own exports.
const RESERVED_NAMES: &[&str] = &[
    "memory", "main", "malloc", "free", "calloc", "realloc", "abort", "exit", "memcpy",
    "memmove", "memset", "memcmp", "strlen", "read", "write", "open", "close", "environ",
];

/// Marks a function as a plugin function exported to the host. See `wasmbox_pdk::plugin_fn`.
#[proc_macro_attribute]
pub fn plugin_fn(attr: TokenStream, item: TokenStream) -> TokenStream {
    let attr = TokenStream2::from(attr);
    let func = parse_macro_input!(item as ItemFn);
    match expand_plugin_fn(attr, &func) {
        Ok(tokens) => tokens.into(),
        Err(err) => {
            let err = err.to_compile_error();
            // Keep the function so that the only errors shown are ours.
            quote!(#err #func).into()
        }
    }
}

fn expand_plugin_fn(attr: TokenStream2, func: &ItemFn) -> syn::Result<TokenStream2> {
    if !attr.is_empty() {
        return Err(syn::Error::new(
            attr.span(),
            "#[plugin_fn] takes no arguments: the export is named after the function",
        ));
    }
    let sig = &func.sig;
    let name = &sig.ident;
    let export = name.to_string();

    if !matches!(func.vis, Visibility::Public(_)) {
        return Err(syn::Error::new(
            sig.fn_token.span.join(name.span()).unwrap_or_else(|| name.span()),
            format!(
                "#[plugin_fn] function `{}` must be `pub`: it is exported to the host as plugin function \"{}\" (write `pub fn {}`)",
                export, export, export
            ),
        ));
    }
    if let Some(t) = &sig.asyncness {
        return Err(syn::Error::new(t.span, "#[plugin_fn] functions cannot be `async`: the ABI calls them synchronously"));
    }
    if let Some(t) = &sig.unsafety {
        return Err(syn::Error::new(t.span, "#[plugin_fn] functions cannot be `unsafe`: the host calls them with no preconditions"));
    }
    if let Some(abi) = &sig.abi {
        return Err(syn::Error::new(abi.span(), "#[plugin_fn] functions must not declare an ABI: the macro generates the `extern \"C\" fn() -> i32` export"));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err(syn::Error::new(sig.generics.span(), "#[plugin_fn] functions cannot be generic: the host needs one concrete input and output type"));
    }
    if let Some(v) = &sig.variadic {
        return Err(syn::Error::new(v.span(), "#[plugin_fn] functions cannot be variadic"));
    }
    if export.starts_with('_') {
        return Err(syn::Error::new(
            name.span(),
            format!("#[plugin_fn] function `{}`: export names beginning with `_` are reserved by the wasmbox ABI and cannot be called", export),
        ));
    }
    if RESERVED_NAMES.contains(&export.as_str()) {
        return Err(syn::Error::new(
            name.span(),
            format!("#[plugin_fn] function `{}`: this name clashes with a libc/WASI symbol or the module's `memory` export; rename the function", export),
        ));
    }
    if sig.inputs.len() > 1 {
        return Err(syn::Error::new(
            sig.inputs.span(),
            format!(
                "#[plugin_fn] functions take at most one parameter (the decoded call input), found {}; wrap several values in one struct",
                sig.inputs.len()
            ),
        ));
    }

    // Parameter: how the input is decoded.
    let (takes_input, decode) = match sig.inputs.first() {
        None => (false, quote!()),
        Some(FnArg::Receiver(r)) => {
            return Err(syn::Error::new(r.span(), "#[plugin_fn] functions cannot take `self`: use a free function"));
        }
        Some(FnArg::Typed(pat)) => {
            let ty = &*pat.ty;
            check_owned(ty, "parameter")?;
            let decode = if is_vec_u8(ty) || is_json(ty) {
                quote_spanned!(ty.span()=> <#ty as ::wasmbox_pdk::__private::FromInput>::from_input(__wasmbox_input)?)
            } else {
                quote_spanned!(ty.span()=> <::wasmbox_pdk::Json<#ty> as ::wasmbox_pdk::__private::FromInput>::from_input(__wasmbox_input)?.0)
            };
            (true, decode)
        }
    };

    // Return type: how the result is encoded.
    let encode = match &sig.output {
        ReturnType::Default => quote!(::core::result::Result::Ok(::core::option::Option::None)),
        ReturnType::Type(_, ty) => {
            check_owned(ty, "return type")?;
            if let Some(ok_ty) = result_ok_type(ty)? {
                let enc = encode_value(&ok_ty, quote!(__wasmbox_ok));
                quote! {
                    match __wasmbox_ret {
                        ::core::result::Result::Ok(__wasmbox_ok) => #enc,
                        ::core::result::Result::Err(__wasmbox_err) => ::core::result::Result::Err(
                            ::core::convert::Into::<::wasmbox_pdk::Error>::into(__wasmbox_err)),
                    }
                }
            } else {
                encode_value(ty, quote!(__wasmbox_ret))
            }
        }
    };

    let export_fn = format_ident!("__wasmbox_export_{}", name);
    let marker = format_ident!("__WASMBOX_PLUGIN_FN_{}", name);
    let call = if takes_input { quote!(#name(#decode)) } else { quote!(#name()) };
    let input_pat = if takes_input { quote!(__wasmbox_input) } else { quote!(_) };
    let doc = format!("The wasmbox ABI export `{}() -> i32` generated by `#[plugin_fn]`.", export);

    Ok(quote! {
        #func

        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        pub const #marker: &str = #export;

        #[doc = #doc]
        #[cfg_attr(target_arch = "wasm32", export_name = #export)]
        pub extern "C" fn #export_fn() -> i32 {
            ::wasmbox_pdk::__private::run_export(#takes_input, |#input_pat: ::std::vec::Vec<u8>|
                -> ::core::result::Result<::core::option::Option<::std::vec::Vec<u8>>, ::wasmbox_pdk::Error>
            {
                #[allow(clippy::let_unit_value, clippy::unit_arg)]
                let __wasmbox_ret = #call;
                #encode
            })
        }
    })
}

fn encode_value(ty: &Type, value: TokenStream2) -> TokenStream2 {
    if is_vec_u8(ty) || is_json(ty) || is_unit(ty) {
        quote_spanned!(ty.span()=> <#ty as ::wasmbox_pdk::__private::IntoOutput>::into_output(#value))
    } else {
        quote_spanned!(ty.span()=> ::wasmbox_pdk::__private::IntoOutput::into_output(::wasmbox_pdk::Json::<#ty>(#value)))
    }
}

fn check_owned(ty: &Type, what: &str) -> syn::Result<()> {
    match ty {
        Type::Reference(_) => Err(syn::Error::new(
            ty.span(),
            format!("#[plugin_fn] {} must be an owned type (`Vec<u8>`, `Json<T>`, `String`, or a serde type), not a reference", what),
        )),
        Type::ImplTrait(_) => Err(syn::Error::new(
            ty.span(),
            format!("#[plugin_fn] {} cannot be `impl Trait`: name a concrete type", what),
        )),
        _ => Ok(()),
    }
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        Type::Group(g) => last_segment(&g.elem),
        Type::Paren(p) => last_segment(&p.elem),
        _ => None,
    }
}

fn generic_types(seg: &syn::PathSegment) -> Vec<&Type> {
    match &seg.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn is_vec_u8(ty: &Type) -> bool {
    match last_segment(ty) {
        Some(seg) if seg.ident == "Vec" => {
            let args = generic_types(seg);
            args.len() == 1 && matches!(last_segment(args[0]), Some(s) if s.ident == "u8")
        }
        _ => false,
    }
}

fn is_json(ty: &Type) -> bool {
    matches!(last_segment(ty), Some(seg) if seg.ident == "Json")
}

fn is_unit(ty: &Type) -> bool {
    matches!(ty, Type::Tuple(t) if t.elems.is_empty())
}

/// For `Result<T, E>` (any path ending in `Result`), the `T`.
fn result_ok_type(ty: &Type) -> syn::Result<Option<Type>> {
    match last_segment(ty) {
        Some(seg) if seg.ident == "Result" => match generic_types(seg).first() {
            Some(t) => Ok(Some((*t).clone())),
            None => Err(syn::Error::new(
                ty.span(),
                "#[plugin_fn] cannot see the success type of this `Result`: write `Result<T, E>`",
            )),
        },
        _ => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------
// manifest!

enum ExportRef {
    /// A `#[plugin_fn]`, checked at compile time.
    Checked(Path),
    /// A hand-written export (`#[export_name = "…"] pub extern "C" fn() -> i32`), taken as is.
    Raw(LitStr),
}

impl Parse for ExportRef {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) {
            Ok(ExportRef::Raw(input.parse()?))
        } else {
            Ok(ExportRef::Checked(input.parse()?))
        }
    }
}

struct ManifestArgs {
    name: Option<LitStr>,
    version: Option<LitStr>,
    exports: Vec<ExportRef>,
    capabilities: Vec<LitStr>,
    span: Span,
}

impl Parse for ManifestArgs {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = ManifestArgs {
            name: None,
            version: None,
            exports: Vec::new(),
            capabilities: Vec::new(),
            span: input.span(),
        };
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            let key_s = key.to_string();
            if seen.contains(&key_s) {
                return Err(syn::Error::new(key.span(), format!("`{}` is given twice", key_s)));
            }
            seen.push(key_s.clone());
            if input.peek(Token![:]) {
                input.parse::<Token![:]>()?;
            } else {
                input.parse::<Token![=]>()?;
            }
            match key_s.as_str() {
                "name" => args.name = Some(input.parse()?),
                "version" => args.version = Some(input.parse()?),
                "exports" => {
                    let content;
                    bracketed!(content in input);
                    let list: Punctuated<ExportRef, Token![,]> = content.parse_terminated(ExportRef::parse)?;
                    args.exports = list.into_iter().collect();
                }
                "capabilities" => {
                    let content;
                    bracketed!(content in input);
                    let list: Punctuated<LitStr, Token![,]> = content.parse_terminated(|p: ParseStream| p.parse::<LitStr>())?;
                    args.capabilities = list.into_iter().collect();
                }
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown manifest key `{}`; expected `exports`, `capabilities`, `name` or `version`", key_s),
                    ))
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(args)
    }
}

/// Embeds the `wasmbox.manifest` custom section. See `wasmbox_pdk::manifest!`.
#[proc_macro]
pub fn manifest(input: TokenStream) -> TokenStream {
    let args = parse_macro_input!(input as ManifestArgs);
    match expand_manifest(args) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand_manifest(args: ManifestArgs) -> syn::Result<TokenStream2> {
    if args.exports.is_empty() {
        return Err(syn::Error::new(
            args.span,
            "manifest! needs `exports = [..]`: the #[plugin_fn] functions of this plugin",
        ));
    }
    let mut export_names = Vec::new();
    let mut checks = Vec::new();
    for export in &args.exports {
        let (name, span) = match export {
            ExportRef::Checked(path) => {
                let last = path.segments.last().expect("non-empty path");
                let mut marker_path = path.clone();
                marker_path.segments.last_mut().unwrap().ident =
                    format_ident!("__WASMBOX_PLUGIN_FN_{}", last.ident, span = last.ident.span());
                checks.push(quote_spanned!(path.span()=> let _: &str = #marker_path;));
                (last.ident.to_string(), path.span())
            }
            ExportRef::Raw(lit) => {
                let name = lit.value();
                if let Err(msg) = manifest_json::check_export_name(&name) {
                    return Err(syn::Error::new(lit.span(), msg));
                }
                (name, lit.span())
            }
        };
        if export_names.contains(&name) {
            return Err(syn::Error::new(span, format!("export `{}` is listed twice", name)));
        }
        export_names.push(name);
    }
    let mut caps = Vec::new();
    for lit in &args.capabilities {
        let cap = lit.value();
        if let Err(msg) = manifest_json::check_capability(&cap) {
            return Err(syn::Error::new(lit.span(), msg));
        }
        if caps.contains(&cap) {
            return Err(syn::Error::new(lit.span(), format!("capability \"{}\" is listed twice", cap)));
        }
        caps.push(cap);
    }
    for lit in args.name.iter().chain(args.version.iter()) {
        if let Err(msg) = manifest_json::check_plain(&lit.value()) {
            return Err(syn::Error::new(lit.span(), msg));
        }
    }
    let name = match &args.name {
        Some(n) => quote!(#n),
        None => quote!(env!("CARGO_PKG_NAME")),
    };
    let version = match &args.version {
        Some(v) => quote!(#v),
        None => quote!(env!("CARGO_PKG_VERSION")),
    };
    let (head, middle, tail) = manifest_json::parts(&export_names, &caps);

    Ok(quote! {
        const _: () = { #(#checks)* };

        /// The JSON embedded in the `wasmbox.manifest` custom section (generated by `manifest!`).
        #[doc(hidden)]
        pub const __WASMBOX_MANIFEST_JSON: &str = concat!(#head, #name, #middle, #version, #tail);

        #[cfg(target_arch = "wasm32")]
        #[link_section = "wasmbox.manifest"]
        #[used]
        static __WASMBOX_MANIFEST: [u8; crate::__WASMBOX_MANIFEST_JSON.len()] =
            ::wasmbox_pdk::__private::manifest_bytes(crate::__WASMBOX_MANIFEST_JSON);
    })
}
