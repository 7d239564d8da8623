//! A span placed or sized by CSS properties that change with the data (a bar's width, a
//! stretch's left edge). A strict Content-Security-Policy (`style-src 'self'`, docs/deploy-and-embed.md)
//! refuses `style` attributes, from markup and from `setAttribute` alike, but not
//! properties set through CSSOM (`element.style.setProperty`): so they are set here,
//! after each render, and the markup carries no inline style.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    #[prop_or_default]
    pub class: Classes,
    /// CSS properties and their values, e.g. `("width", "12.5%")`.
    pub properties: Vec<(&'static str, String)>,
    #[prop_or_default]
    pub title: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn CssomSpan(props: &Props) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.properties.clone(), move |properties| {
            if let Some(style) = node
                .get()
                .and_then(|n| n.dyn_into::<HtmlElement>().ok())
                .map(|e| e.style())
            {
                for (name, value) in properties {
                    // Only a read-only declaration block throws; an element's never is.
                    let _ = style.set_property(name, value);
                }
            }
        });
    }
    html! {
        <span ref={node} class={props.class.clone()} title={props.title.clone()}>
            { props.children.clone() }
        </span>
    }
}
